// One sync worker process: the kit on PostgreSQL or SQLite writing to the fake Google over HTTP. Waits for "go", runs
// `startSyncWorker` until "stop" (or SIGTERM), then reports its batch counts.

import { googleEndpoints } from "@org/calendar-connections-testing";
import { type WorkerDatabase, workerStorage } from "./bench-database.ts";
import { createBenchKit, syntheticEvent } from "./lib.ts";

export type WorkerConfig = WorkerDatabase & {
  readonly fakeURL: string;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
};

export type WorkerMessage =
  | { readonly type: "ready" }
  | {
      readonly type: "done";
      readonly claimed: number;
      readonly succeeded: number;
      readonly retried: number;
      readonly deadLettered: number;
      readonly parked: number;
    };

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const storage = workerStorage(config, config.concurrency + 2);
const kit = await createBenchKit(
  storage,
  { endpoints: googleEndpoints(config.fakeURL) },
  {
    authorize: () => null,
    getEvent: async (_organizationId, eventId) => syntheticEvent(eventId),
    logger: { info() {}, warn() {}, error: (message, fields) => console.error(message, fields) },
  },
);

const totals = { claimed: 0, succeeded: 0, retried: 0, deadLettered: 0, parked: 0 };
const controller = new AbortController();
let worker: ReturnType<typeof kit.sync.startSyncWorker> | null = null;

async function finish(): Promise<void> {
  controller.abort();
  await worker?.stopped;
  await storage.close();
  const message: WorkerMessage = { type: "done", ...totals };
  process.send?.(message, () => process.exit(0));
}

process.on("message", (message: { type: string }) => {
  if (message.type === "go" && worker === null) {
    worker = kit.sync.startSyncWorker({
      concurrency: config.concurrency,
      pollIntervalMs: config.pollIntervalMs,
      signal: controller.signal,
      onBatch: (result) => {
        totals.claimed += result.claimed;
        totals.succeeded += result.succeeded;
        totals.retried += result.retried;
        totals.deadLettered += result.deadLettered;
        totals.parked += result.parked;
      },
    });
  } else if (message.type === "stop") {
    void finish();
  }
});
process.on("SIGTERM", () => void finish());
process.on("disconnect", () => process.exit(0));
const ready: WorkerMessage = { type: "ready" };
process.send?.(ready);
