// Section 6: a backfill of many events into one Google and one Microsoft calendar, batched (Google's batch
// endpoint, Graph's $batch) and one call per event, measured in the same run. In process: one worker on
// PostgreSQL, the fakes over HTTP on loopback with a fixed latency per request and no rate limit.
import { createFakeGoogle, createFakeMicrosoft } from "@org/calendar-connections-testing";
import { parseTokenKeys } from "../src/crypto/keyring.ts";
import { createCalendarConnections } from "../src/handler/create.ts";
import { google } from "../src/providers/google/index.ts";
import { microsoft } from "../src/providers/microsoft/index.ts";
import { openBenchDatabase } from "./bench-database.ts";
import { benchAuthorize, load1, PUBLIC_BASE_URL, sessionCookie, syntheticEvent, TOKEN_KEYS } from "./lib.ts";

export interface BackfillRow {
  readonly provider: "google" | "microsoft";
  readonly mode: "batched" | "one call per event";
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The one-by-one time over this run's time (1 for the one-by-one row). */
  readonly speedUp: number;
  readonly httpRequests: number;
  readonly batchRequests: number;
  readonly duplicates: number;
  readonly losses: number;
  readonly jobsLeft: number;
  readonly load1: number;
}

export interface BackfillOptions {
  readonly tmpDir: string;
  readonly events: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  readonly log: (line: string) => void;
}

const EMAIL = "backfill@bench.test";
const DEADLINE_MS = 10 * 60_000;

async function runOnce(
  provider: "google" | "microsoft",
  batched: boolean,
  options: BackfillOptions,
): Promise<Omit<BackfillRow, "speedUp">> {
  const database = await openBenchDatabase("postgres", options.tmpDir);
  const fake =
    provider === "google"
      ? createFakeGoogle({ accounts: [{ email: EMAIL, calendars: [{ name: "Backfill", primary: true }] }] })
      : createFakeMicrosoft({ accounts: [{ email: EMAIL }] });
  // A free loopback port: the bench never needs a fixed one.
  await fake.listen({ port: 0 });
  const eventIds = Array.from({ length: options.events }, (_, index) => `bf-evt-${index}`);
  const organizationId = `org_backfill_${provider}`;
  try {
    const runtime = {
      clientId: "bench-client",
      clientSecret: "bench-secret",
      endpoints: fake.endpoints,
      batch: batched,
    };
    const kit = createCalendarConnections({
      storage: database.storage,
      keyring: await parseTokenKeys(TOKEN_KEYS),
      providers: [provider === "google" ? google(runtime) : microsoft(runtime)],
      authorize: benchAuthorize,
      publicBaseURL: PUBLIC_BASE_URL,
      getEvent: async (_organization, eventId) => syntheticEvent(eventId),
      listEvents: async () => eventIds.map((id) => ({ id, ...syntheticEvent(id) })),
      sync: { batching: batched },
    });
    const actor = { userId: `admin_${organizationId}`, organizationId, role: "admin" } as const;
    const started = await kit.api.startAuthorization(actor, provider, {});
    const callbackURL = await fake.consent(started.authorizationURL, { email: EMAIL });
    const response = await kit.handler(
      new Request(callbackURL, {
        headers: { cookie: `${sessionCookie(organizationId)}; ${started.setCookie.split(";")[0] ?? ""}` },
      }),
    );
    const connectionId = new URL(response.headers.get("location") ?? "http://x/").searchParams.get(
      "connectionId",
    );
    if (connectionId === null) throw new Error(`connecting ${provider} failed`);
    const calendars = await kit.api.listCalendars(actor, connectionId);
    const target = calendars.find((calendar) => calendar.canWrite) ?? calendars[0];
    if (target === undefined) throw new Error(`${provider}: no calendar`);
    fake.setLatency(options.latencyMs);
    // Choosing the calendar enqueues the backfill (every host event); the clock starts with it.
    const before = fake.inspect().calls;
    const t0 = performance.now();
    await kit.api.selectCalendar(actor, connectionId, { calendarId: target.id });
    while (performance.now() - t0 < DEADLINE_MS) {
      const result = await kit.sync.processPendingCalendarSyncJobs({
        limit: 1_000,
        concurrency: options.concurrency,
        timeBudgetMs: 60_000,
      });
      if (result.claimed === 0 && (await database.openJobs()) === 0) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = fake.inspect().calls;
    const requests = Object.entries(after).reduce((sum, [name, n]) => sum + n - (before[name] ?? 0), 0);
    const batches = (after.batch ?? 0) - (before.batch ?? 0);
    // Inner calls are counted by name too: HTTP requests are the outer ones.
    const innerCalls = fake.batchSizes().reduce((sum, size) => sum + size, 0);
    const copies = new Map<string, number>();
    for (const event of fake.events(EMAIL, target.id)) {
      if (event.status === "cancelled") continue;
      const resource = event.resource as { summary?: string; subject?: string };
      const title = resource.summary ?? resource.subject ?? "";
      const eventId = /bf-evt-\d+/.exec(title)?.[0] ?? title;
      copies.set(eventId, (copies.get(eventId) ?? 0) + 1);
    }
    const duplicates = [...copies.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const losses = eventIds.filter((id) => !copies.has(id)).length;
    const row = {
      provider,
      mode: batched ? ("batched" as const) : ("one call per event" as const),
      events: options.events,
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond: Math.round(options.events / seconds),
      httpRequests: requests - innerCalls,
      batchRequests: batches,
      duplicates,
      losses,
      jobsLeft: await database.openJobs(),
      load1: load1(),
    };
    options.log(`backfill ${provider} ${row.mode}: ${row.seconds} s, ${row.httpRequests} HTTP requests`);
    return row;
  } finally {
    await fake.close();
    await database.close();
  }
}

/** The backfill rows: per provider, one call per event first, then batched, with the speed-up. */
export async function benchBackfill(options: BackfillOptions): Promise<BackfillRow[]> {
  const rows: BackfillRow[] = [];
  for (const provider of ["google", "microsoft"] as const) {
    const single = await runOnce(provider, false, options);
    const batched = await runOnce(provider, true, options);
    rows.push({ ...single, speedUp: 1 });
    rows.push({ ...batched, speedUp: Math.round((single.seconds / batched.seconds) * 10) / 10 });
  }
  return rows;
}
