import type { CalendarStorage, SyncJob } from "../storage/types.ts";

/** The connections a claim leaves out: those at their cap, and those holding their share of the pool. */
export interface ClaimSkips {
  /** At their per-connection cap: a job claimed for them would only wait. */
  readonly capped: readonly string[];
  /** Below their cap but holding a fair share of the pool's slots already. */
  readonly overShare: readonly string[];
}

/**
 * Claims up to `limit` jobs, other connections first: the first claim skips the connections at their cap
 * and those over their share of the pool, so a busy tenant whose jobs are the oldest in the queue does not
 * take every free slot while others wait; only what that claim leaves free goes to the busy ones (a second
 * claim, skipping the capped only), so a lone busy tenant still gets the whole pool.
 */
export async function claimFairly(
  storage: CalendarStorage,
  claim: { readonly owner: string; readonly leaseMs: number; readonly limit: number },
  skips: ClaimSkips,
): Promise<SyncJob[]> {
  const jobs = await storage.claimJobs({
    ...claim,
    skipConnectionIds: [...skips.capped, ...skips.overShare],
  });
  if (jobs.length >= claim.limit || skips.overShare.length === 0) return jobs;
  const more = await storage.claimJobs({
    ...claim,
    limit: claim.limit - jobs.length,
    skipConnectionIds: skips.capped,
  });
  return [...jobs, ...more];
}
