// Test support: the config module of the crash test's worker processes (`calendar-connections sync`).
// Events come from the `host_event` table of the scratch schema, the provider (CRASH_PROVIDER) is a
// fake over loopback, and every provider write is recorded in `crash_written` and followed by a
// pause, so that a SIGKILL often lands after the write and before the job's commit.

import pg from "pg";
import { defineCliConfig } from "../../cli/config.ts";
import type { HostEvent } from "../../events/types.ts";
import type { WritingProvider } from "../../providers/registry.ts";
import { CRASH_PROVIDERS, type CrashProviderId, crashPlugin } from "./providers.support.ts";

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

interface HostEventRow {
  readonly title: string;
  readonly starts_at: Date;
  readonly ends_at: Date;
}

export default defineCliConfig(({ env }) => {
  const workerId = required(env, "CRASH_WORKER_ID");
  const pauseMs = Number(env.CRASH_PAUSE_AFTER_WRITE_MS ?? "0");
  const pool = new pg.Pool({
    connectionString: required(env, "DATABASE_URL"),
    options: `-c search_path=${required(env, "CALENDAR_PG_SCHEMA")}`,
    max: 2,
  });
  const providerId = required(env, "CRASH_PROVIDER") as CrashProviderId;
  if (!CRASH_PROVIDERS.includes(providerId)) throw new Error(`unknown CRASH_PROVIDER ${providerId}`);
  const plugin = crashPlugin(providerId, required(env, "CRASH_FAKE_URL"));
  const { calendar } = plugin;
  if (calendar === undefined || plugin.sync === undefined) throw new Error(`${providerId} writes no events`);

  /** Logs a write: the event's id where the call names it (titles start with it), and its calendar id. */
  async function written(eventId: string | null, externalId: string): Promise<void> {
    await pool.query(
      "INSERT INTO crash_written (worker_id, event_id, external_id, at) VALUES ($1, $2, $3, $4)",
      [workerId, eventId, externalId, new Date()],
    );
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  const eventIdOf = (event: HostEvent): string => event.title.split(" ")[0] ?? "";

  // The provider with every write recorded (and followed by the pause), batched or not.
  const recorded = (ops: typeof calendar): typeof calendar => ({
    ...ops,
    async upsertEvent(access, input) {
      const result = await ops.upsertEvent(access, input);
      await written(input.eventId, result.externalId);
      return result;
    },
    async updateEvent(access, input) {
      const result = await ops.updateEvent(access, input);
      await written(eventIdOf(input.event), result.externalId);
      return result;
    },
    async deleteEvent(access, input) {
      const result = await ops.deleteEvent(access, input);
      await written(null, input.externalId);
      return result;
    },
  });
  const { batch } = calendar;
  const provider: WritingProvider = {
    ...plugin,
    sync: plugin.sync,
    calendar: {
      ...recorded(calendar),
      ...(batch === undefined
        ? {}
        : {
            batch: {
              maxCalls: batch.maxCalls,
              open: (hooks) => {
                const session = batch.open(hooks);
                return { ...session, calendar: recorded(session.calendar) };
              },
            },
          }),
    },
  };

  return {
    providers: [provider],
    sync: {
      workerId,
      leaseMs: 1_500,
      backoff: { baseMs: 200, maxMs: 1_000 },
      batching: env.CRASH_BATCHING === "1",
    },
    getEvent: async (organizationId, eventId): Promise<HostEvent | null> => {
      const { rows } = await pool.query<HostEventRow>(
        "SELECT title, starts_at, ends_at FROM host_event WHERE organization_id = $1 AND event_id = $2",
        [organizationId, eventId],
      );
      const row = rows[0];
      return row === undefined ? null : { title: row.title, start: row.starts_at, end: row.ends_at };
    },
    close: () => pool.end(),
  };
});
