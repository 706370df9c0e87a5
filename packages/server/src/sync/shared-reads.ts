import type { CalendarStorage, ConnectionRecord, SyncJob } from "../storage/types.ts";

/**
 * How long jobs claimed together may share one read of their connection. Older, a job reads the row
 * again: it may have waited behind its connection's cap while an admin changed the calendar.
 */
const SHARED_READ_MS = 1_000;

/**
 * One read of each connection for the jobs of one claim: a backfill claims many jobs of the same
 * connection at once, and each would read the same row.
 */
export function sharedReads(storage: CalendarStorage): (job: SyncJob) => Promise<ConnectionRecord | null> {
  const reads = new Map<string, { at: number; record: Promise<ConnectionRecord | null> }>();
  return (job) => {
    const key = `${job.organizationId}\u0000${job.connectionId}`;
    const now = performance.now();
    const shared = reads.get(key);
    if (shared !== undefined && now - shared.at < SHARED_READ_MS) return shared.record;
    const record = storage.getConnection(job.organizationId, job.connectionId);
    // A failed read is not shared: the next job tries again.
    record.catch(() => reads.delete(key));
    reads.set(key, { at: now, record });
    return record;
  };
}
