// Test support: the host product's events in a table every process reads, and what the calendar
// should show in the end.

import type pg from "pg";
import type { CalendarStorage } from "../../storage/types.ts";

const DAY0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface HostEvents {
  /** Live events by id with the title the calendar must show. */
  readonly expected: ReadonlyMap<string, string>;
  /** Every event id ever deleted (and not re-created). */
  readonly deleted: ReadonlySet<string>;
  readonly counts: { created: number; updated: number; deleted: number };
  create(eventId: string): Promise<void>;
  update(eventId: string): Promise<void>;
  remove(eventId: string): Promise<void>;
}

/** Creates `host_event` (and `crash_written`, the workers' write log) and tracks changes in memory too. */
export async function createHostEvents(
  pool: pg.Pool,
  storage: CalendarStorage,
  target: { readonly organizationId: string; readonly connectionId: string },
): Promise<HostEvents> {
  await pool.query(`CREATE TABLE host_event (
    organization_id text NOT NULL, event_id text NOT NULL, title text NOT NULL,
    starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, PRIMARY KEY (organization_id, event_id))`);
  await pool.query(
    "CREATE TABLE crash_written (worker_id text NOT NULL, event_id text, external_id text NOT NULL, at timestamptz NOT NULL)",
  );
  const expected = new Map<string, string>();
  const versions = new Map<string, number>();
  const deleted = new Set<string>();
  const counts = { created: 0, updated: 0, deleted: 0 };
  const enqueue = async (eventId: string): Promise<void> => {
    const job = await storage.enqueueJob({ ...target, eventId });
    if (job === null) throw new Error("the connection refused a job");
  };

  async function write(eventId: string): Promise<void> {
    const version = (versions.get(eventId) ?? 0) + 1;
    versions.set(eventId, version);
    const title = `${eventId} v${version}`;
    const index = Number(eventId.replace(/\D/g, ""));
    const start = new Date(DAY0 + index * 3_600_000);
    await pool.query(
      `INSERT INTO host_event (organization_id, event_id, title, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, event_id) DO UPDATE SET title = EXCLUDED.title`,
      [target.organizationId, eventId, title, start, new Date(start.getTime() + 1_800_000)],
    );
    expected.set(eventId, title);
    await enqueue(eventId);
  }

  return {
    expected,
    deleted,
    counts,
    async create(eventId) {
      counts.created += 1;
      await write(eventId);
    },
    async update(eventId) {
      counts.updated += 1;
      await write(eventId);
    },
    async remove(eventId) {
      counts.deleted += 1;
      await pool.query("DELETE FROM host_event WHERE organization_id = $1 AND event_id = $2", [
        target.organizationId,
        eventId,
      ]);
      expected.delete(eventId);
      deleted.add(eventId);
      await enqueue(eventId);
    },
  };
}
