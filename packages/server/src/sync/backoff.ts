export interface BackoffPolicy {
  /** The delay before the first retry. Default 10 s. */
  readonly baseMs?: number;
  /** The longest delay. Default 1 h. */
  readonly maxMs?: number;
}

/**
 * Exponential backoff with full jitter (a uniform delay up to base × 2^(attempt-1), capped), never
 * shorter than a provider's Retry-After. `random` returns a number in [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = {},
  retryAfterMs: number | null = null,
): number {
  const base = policy.baseMs ?? 10_000;
  const max = policy.maxMs ?? 60 * 60 * 1000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.max(base / 2, Math.floor(random() * ceiling));
  return Math.max(jittered, retryAfterMs ?? 0);
}
