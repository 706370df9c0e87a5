// The physical floor of the sync bench, in a process of its own: the same event writes the workers make,
// against the same fake over HTTP, with the same concurrency and per-account cap, but no database, no queue
// and no kit. Waits for "go" with its work, writes everything, then reports { type: "done", ... }.
import { deterministicEventId } from "../src/providers/event-id.ts";
import { syntheticEvent } from "./lib.ts";

/** One connection's calendar, as the floor writes to it. */
export interface FloorTarget {
  readonly connectionId: string;
  readonly calendarId: string;
  readonly accessToken: string;
}

export interface FloorConfig {
  /** The fake's Calendar API base (`…/calendar/v3`). */
  readonly apiBase: string;
  /** Writes in flight at once in this process (a worker's `concurrency`). */
  readonly concurrency: number;
  /** Writes in flight at once per connection (the provider's `sync.concurrency`). */
  readonly perConnection: number;
}

export type FloorMessage =
  | { readonly type: "ready" }
  | {
      readonly type: "done";
      readonly written: number;
      readonly rateLimited: number;
      readonly failed: number;
    };

interface GoMessage {
  readonly type: "go";
  readonly targets: readonly FloorTarget[];
  readonly eventIds: readonly string[];
}

const config = JSON.parse(process.argv[2] ?? "{}") as FloorConfig;
const MAX_ATTEMPTS = 8;

/** Per-connection slots, so one account never has more writes in flight than the kit would allow it. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async take(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.used--;
    else next();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function writeAll(message: GoMessage): Promise<FloorMessage> {
  const totals = { written: 0, rateLimited: 0, failed: 0 };
  // Round-robin over connections, in the order the bench enqueued the kit's jobs.
  const work: { target: FloorTarget; eventId: string }[] = [];
  for (const eventId of message.eventIds)
    for (const target of message.targets) work.push({ target, eventId });
  const slots = new Map(
    message.targets.map((target) => [target.connectionId, new Slots(config.perConnection)]),
  );
  let next = 0;

  async function write(target: FloorTarget, eventId: string): Promise<void> {
    const event = syntheticEvent(eventId);
    const body = JSON.stringify({
      id: deterministicEventId(target.connectionId, eventId),
      summary: event.title,
      description: event.description,
      start: { dateTime: event.start.toISOString(), timeZone: event.timeZone },
      end: { dateTime: event.end.toISOString(), timeZone: event.timeZone },
    });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const response = await fetch(
        `${config.apiBase}/calendars/${encodeURIComponent(target.calendarId)}/events`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${target.accessToken}`, "content-type": "application/json" },
          body,
        },
      );
      await response.arrayBuffer();
      if (response.ok) {
        totals.written++;
        return;
      }
      if (response.status !== 429) break;
      totals.rateLimited++;
      await sleep(Number(response.headers.get("retry-after") ?? "1") * 1000);
    }
    totals.failed++;
  }

  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (next < work.length) {
        const item = work[next++];
        if (item === undefined) break;
        const slot = slots.get(item.target.connectionId) as Slots;
        await slot.take();
        try {
          await write(item.target, item.eventId);
        } finally {
          slot.give();
        }
      }
    }),
  );
  return { type: "done", ...totals };
}

process.on("message", (message: GoMessage) => {
  if (message.type !== "go") return;
  void writeAll(message).then((done) => process.send?.(done, () => process.exit(0)));
});
process.on("disconnect", () => process.exit(0));
const ready: FloorMessage = { type: "ready" };
process.send?.(ready);
