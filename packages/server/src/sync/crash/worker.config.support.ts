// Test support: the config module of the crash test's worker processes (`calendar-connections sync`).
// Events come from the `host_event` table of the scratch schema, the provider is the fake Google over
// loopback, and every provider write is recorded in `crash_written` and followed by a pause, so that
// a SIGKILL often lands after the write and before the job's commit.

import { googleEndpoints } from "@org/calendar-connections-testing";
import pg from "pg";
import { defineCliConfig } from "../../cli/config.ts";
import type { HostEvent } from "../../events/types.ts";
import { google as googleCalendar } from "../../providers/google/index.ts";

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
  const google = googleCalendar({
    clientId: "crash-client",
    clientSecret: "crash-secret",
    redirectURI: "https://app.test/callback",
    endpoints: googleEndpoints(required(env, "CRASH_GOOGLE_URL")),
    timeoutMs: 5_000,
  });
  const { calendar } = google;
  if (calendar === undefined) throw new Error("the Google provider writes events");

  async function written(externalId: string): Promise<void> {
    await pool.query("INSERT INTO crash_written (worker_id, external_id, at) VALUES ($1, $2, $3)", [
      workerId,
      externalId,
      new Date(),
    ]);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }

  // The Google provider with every write recorded (and followed by the pause).
  const provider = {
    ...google,
    calendar: {
      ...calendar,
      async upsertEvent(access, input) {
        const result = await calendar.upsertEvent(access, input);
        await written(result.externalId);
        return result;
      },
      async updateEvent(access, input) {
        const result = await calendar.updateEvent(access, input);
        await written(result.externalId);
        return result;
      },
      async deleteEvent(access, input) {
        const result = await calendar.deleteEvent(access, input);
        await written(input.externalId);
        return result;
      },
    } satisfies typeof calendar,
  };

  return {
    providers: [provider],
    sync: { workerId, leaseMs: 1_500, backoff: { baseMs: 200, maxMs: 1_000 } },
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
