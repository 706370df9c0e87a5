// Test support for the sync engine: a connected organization with a chosen calendar and host events.
import type { HostEventWithId } from "../events/types.ts";
import {
  type ConnectOptions,
  createHarness,
  type Harness,
  type HarnessSetup,
} from "../handler/harness.support.ts";
import type { CalendarConnectionsOptions } from "../handler/options.ts";

export interface SyncHarness extends Harness {
  readonly connectionId: string;
  readonly calendarId: string;
  readonly email: string;
  /** Creates or replaces a host event and enqueues its sync, as a host does on every change. */
  put(event: HostEventWithId): Promise<number>;
  /** Deletes a host event and enqueues its sync. */
  remove(eventId: string): Promise<number>;
  /** Runs batches until no job is due (moving the clock past retries only when `untilIdle` says so). */
  drain(): Promise<{
    claimed: number;
    succeeded: number;
    retried: number;
    deadLettered: number;
    parked: number;
  }>;
}

export function event(id: string, title: string, overrides: Partial<HostEventWithId> = {}): HostEventWithId {
  return {
    id,
    title,
    start: new Date("2026-12-01T09:00:00Z"),
    end: new Date("2026-12-01T10:00:00Z"),
    timeZone: "Europe/Berlin",
    ...overrides,
  };
}

/** A harness with alice's account connected and its secondary calendar selected. */
export async function createSyncHarness(
  overrides: Partial<CalendarConnectionsOptions> = {},
  options: ConnectOptions & HarnessSetup = {},
): Promise<SyncHarness> {
  const h = await createHarness(
    {
      sync: { backoff: { baseMs: 1_000, maxMs: 60_000 }, random: () => 0.5, ...overrides.sync },
      ...overrides,
    },
    options,
  );
  const provider = options.provider ?? "google";
  const { location } = await h.connect("alice", options);
  const connectionId = location.searchParams.get("connectionId") ?? "";
  const calendars = await h.kit.api.listCalendars(
    { userId: "user_alice", organizationId: "org_acme", role: "admin" },
    connectionId,
  );
  const target = calendars.find((calendar) => !calendar.primary && calendar.canWrite) ?? calendars[0];
  if (target === undefined) throw new Error(`no calendar for ${provider}`);
  await h.kit.api.selectCalendar(
    { userId: "user_alice", organizationId: "org_acme", role: "admin" },
    connectionId,
    { calendarId: target.id },
  );
  const list = (): HostEventWithId[] => {
    const current = h.events.get("org_acme") ?? [];
    h.events.set("org_acme", current);
    return current;
  };
  return {
    ...h,
    connectionId,
    calendarId: target.id,
    email: options.email ?? "alice@acme.test",
    async put(next) {
      const current = list();
      const index = current.findIndex((candidate) => candidate.id === next.id);
      if (index === -1) current.push(next);
      else current[index] = next;
      return h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId: next.id });
    },
    async remove(eventId) {
      h.events.set(
        "org_acme",
        list().filter((candidate) => candidate.id !== eventId),
      );
      return h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId });
    },
    async drain() {
      const total = { claimed: 0, succeeded: 0, retried: 0, deadLettered: 0, parked: 0 };
      for (let round = 0; round < 20; round += 1) {
        const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 500, concurrency: 8 });
        total.claimed += result.claimed;
        total.succeeded += result.succeeded;
        total.retried += result.retried;
        total.deadLettered += result.deadLettered;
        total.parked += result.parked;
        if (result.claimed === 0) break;
      }
      return total;
    },
  };
}

/** Titles of the live events in one of the harness account's calendars at a fake, sorted. */
export function liveTitles(
  h: SyncHarness,
  calendarId: string,
  provider: "google" | "microsoft" = "google",
): string[] {
  const fake = provider === "google" ? h.google : h.microsoft;
  return fake
    .events(h.email, calendarId)
    .filter((candidate) => candidate.status === "confirmed")
    .map((candidate) => String(candidate.resource.summary ?? candidate.resource.subject))
    .sort();
}

/**
 * A busy tenant and a quiet one: connects a second (Microsoft) calendar, then queues `busyJobs` jobs on
 * the harness's connection and, a second later, one job (`quiet_1`) on the new one, so every busy job
 * is older. Returns the quiet connection's id.
 */
export async function busyAndQuietConnections(h: SyncHarness, busyJobs: number): Promise<string> {
  const admin = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;
  const { location } = await h.connect("alice", { provider: "microsoft" });
  const quiet = location.searchParams.get("connectionId") ?? "";
  const [calendar] = await h.kit.api.listCalendars(admin, quiet);
  await h.kit.api.selectCalendar(admin, quiet, { calendarId: calendar?.id ?? "" });
  await h.kit.sync.processPendingCalendarSyncJobs({ limit: 100 });
  for (let index = 0; index < busyJobs; index += 1)
    await h.storage.enqueueJob({
      organizationId: "org_acme",
      connectionId: h.connectionId,
      eventId: `busy_${index}`,
    });
  h.clock.advance(1000);
  await h.storage.enqueueJob({ organizationId: "org_acme", connectionId: quiet, eventId: "quiet_1" });
  return quiet;
}
