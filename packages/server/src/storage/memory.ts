import { memoryActivity } from "./memory/activity.ts";
import { memoryAudit } from "./memory/audit.ts";
import { memoryConnections } from "./memory/connections.ts";
import { memoryEventLinks } from "./memory/event-links.ts";
import { memoryJobs } from "./memory/jobs.ts";
import { memoryOAuthStates } from "./memory/oauth-states.ts";
import { memoryOutbox } from "./memory/outbox.ts";
import { createMemoryState } from "./memory/state.ts";
import type { CalendarStorage } from "./types.ts";

/** Options of `createMemoryStorage`. */
export interface MemoryStorageOptions {
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
}

/**
 * In-memory storage with the same contract as the SQL adapters (the conformance suite checks it).
 * For tests and demos: nothing survives the process, and the lock is per process.
 *
 * Plain JavaScript on purpose, one file per aggregate under `memory/`: the server's root entry
 * exports it and must load in Workers, Deno and Bun, so it cannot be an in-memory better-sqlite3
 * database (a native module) even though that would share the SQL code.
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): CalendarStorage {
  const state = createMemoryState(options.now ?? ((): Date => new Date()));
  const jobs = memoryJobs(state);
  return {
    async migrate() {
      return [];
    },
    ...memoryConnections(state),
    ...memoryOAuthStates(state),
    ...jobs,
    ...memoryActivity(state, jobs.requeueDeadLetters),
    ...memoryEventLinks(state),
    ...memoryAudit(state),
    ...memoryOutbox(state),
    async close() {},
  };
}
