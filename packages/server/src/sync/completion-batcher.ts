import type { JobCompletion, JobOutcomeWrite } from "../storage/types.ts";

/** What a `CompletionBatcher` is built from. */
export interface CompletionBatcherOptions {
  /** Writes one batch (the storage's `completeJobs` for this worker): whether each completion held. */
  readonly completeJobs: (items: readonly JobCompletion[]) => Promise<boolean[]>;
  /** Completions that make a batch full: it is written at once. */
  readonly maxBatch: number;
  /** The longest a completion waits for others to join its batch, in ms. */
  readonly delayMs: number;
  /** How many jobs this worker has in flight, completions waiting included: when all wait, nothing else will join. */
  readonly inFlight: () => number;
}

/** Gathers the completions of jobs in flight into few `completeJobs` calls. */
export interface CompletionBatcher {
  /** Completes the job with its outcome in the next batch; true when the completion held the lease. */
  complete(jobId: string, outcome?: JobOutcomeWrite): Promise<boolean>;
  /** Writes what is waiting now (the pool drained, or the worker stops). */
  flush(): Promise<void>;
  /** Writes what is waiting if every job in flight waits (call it when a job leaves without a completion). */
  flushIfIdle(): void;
}

interface Waiting {
  readonly item: JobCompletion;
  readonly resolve: (held: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A batcher in the way of a group commit: a completion is written at once when no write of this batcher
 * is under way, so a lone job waits for nothing; those that arrive while one is under way wait for it to
 * end and go together in the next. A batch is also written when `maxBatch` completions wait, when every
 * job in flight waits, or `delayMs` after its first one arrived, whichever comes first. A completion is
 * only written while its job's lease is renewed by its caller, and `delayMs` is a few milliseconds, far
 * below any lease; a worker that dies with completions waiting leaves their jobs leased, and another
 * worker runs them again once the lease runs out (the provider write is idempotent), as when it dies
 * before a single completion. A failed write rejects every completion of its batch.
 */
export function createCompletionBatcher(options: CompletionBatcherOptions): CompletionBatcher {
  let waiting: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing = 0;

  async function write(batch: readonly Waiting[]): Promise<void> {
    writing += 1;
    try {
      const held = await options.completeJobs(batch.map((entry) => entry.item));
      for (const [index, entry] of batch.entries()) entry.resolve(held[index] === true);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      writing -= 1;
      // What arrived meanwhile goes now, together.
      if (writing === 0 && waiting.length > 0) void flush();
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    return batch.length === 0 ? Promise.resolve() : write(batch);
  }

  const idle = (): boolean => waiting.length > 0 && waiting.length >= options.inFlight();

  return {
    complete(jobId, outcome) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ item: outcome === undefined ? { jobId } : { jobId, outcome }, resolve, reject });
        if (writing === 0 || waiting.length >= options.maxBatch || idle()) void flush();
        else timer ??= setTimeout(() => void flush(), options.delayMs);
      });
    },
    flush,
    flushIfIdle() {
      if (idle()) void flush();
    },
  };
}
