import { newId } from "../../storage/ids.ts";
import type { CalendarStorage, ConnectionRecord, NewConnection, TokenWrite } from "../../storage/types.ts";
import type { TestClock } from "../clock.ts";

/** What an adapter's test file hands the conformance suite for each case. */
export interface ConformanceHarness {
  /** A migrated, empty storage that reads time from the suite's clock. */
  readonly storage: CalendarStorage;
  /**
   * Another, independent storage on the same database that uses the real clock: a second pool
   * (PostgreSQL), a second connection in another thread or process (SQLite), or the same instance
   * (memory). The concurrency cases run through peers, so they must be truly concurrent.
   */
  openPeer(): Promise<CalendarStorage>;
  /** Closes the storage and every peer, and drops what the harness created. */
  close(): Promise<void>;
}

/** The names of the cases, in order; every adapter runs all of them. */
export const CONFORMANCE_CASES = [
  "migrate is idempotent",
  "organization scoping: another organization's rows are never returned, changed or deleted",
  "timestamps are set on create and moved on update",
  "one active connection per (organization, provider) under concurrent inserts",
  "a non-exclusive provider may have several connections per organization",
  "tokens are written together and guarded by tokenVersion",
  "credentials are stored with their kind, all of a write or none of it",
  "soft delete keeps the row and its audit entries and erases tokens",
  "feed token hash lookup",
  "a provider account in use is found across organizations",
  "connection lock serializes two concurrent holders",
  "key scan lists rows not on a key, and rows still in the pre-v2 form",
  "OAuth state is single use, even for concurrent consumers, and expires",
  "job coalescing per (connection, event)",
  "enqueueJobs coalesces per event like enqueueJob, across chunks, within the organization",
  "lease expiry and reclaim",
  "fail, release, dead-letter and list dead letters",
  "park and resume a connection's jobs",
  "claims skip a connection paused until its health retryAt",
  "a claim skips the connections a worker names",
  "a connection's dead letters are requeued",
  "no job is claimed twice by concurrent claimers",
  "completing a job records its outcome atomically, only while the lease is held",
  "a job's outcome is written to its own organization, connection and event only",
  "completeJobs completes a batch: held and lost leases, rerun, link upsert and removal",
  "completeJobs writes each outcome to its own organization, and an empty batch writes nothing",
  "sync activity counts synced, waiting and failing events, scoped to the connection",
  "failing jobs are listed newest first, page by page, and one event can be retried now",
  "event links are upserted, read and deleted",
  "an event link remembers the calendar it lives in",
  "a link without an external id records a create under way",
  "links outside the new calendar are marked to move, and linked events are listed",
  "audit log is append-only, newest first, filtered by connection",
  "a connection event is written with its audit entry, and only when the change applies",
  "outbox rows are claimed one per connection in order, leased, postponed and completed",
] as const;

/** One name of `CONFORMANCE_CASES`. */
export type CaseName = (typeof CONFORMANCE_CASES)[number];

/** What a running case works with: a fresh harness, its storage and the suite's clock. */
export interface CaseContext {
  readonly harness: ConformanceHarness;
  readonly storage: CalendarStorage;
  readonly clock: TestClock;
}

/** The suite as the aggregate files see it: its settings, and how to register a case. */
export interface Suite {
  readonly adapter: string;
  /** Peers for the concurrency cases. */
  readonly peers: number;
  /** Concurrent claim loops per peer. */
  readonly claimersPerPeer: number;
  /** Jobs in the concurrent-claim case. */
  readonly jobs: number;
  /** Receives the concurrent-claim figures. */
  readonly report: (line: string) => void;
  /** Registers one case of `CONFORMANCE_CASES`; `fn` runs with that case's context. */
  test(name: CaseName, fn: (context: CaseContext) => Promise<void>): void;
}

/** Waits `ms` on the real clock. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A stand-in OAuth token write: storage treats the envelope as opaque text, so it needs no key.
 * `v2.<keyId>.<tag>` reads like a real envelope and shows which write a row holds.
 */
export const tokens = (keyId: string, tag: string): TokenWrite => ({
  credentialsKind: "oauth",
  credentialsCiphertext: `v2.${keyId}.${tag}`,
  tokenExpiresAt: new Date("2030-01-01T00:00:00.000Z"),
  keyId,
});

/** Creates a live, exclusive Google connection of `organizationId` (`overrides` change any field). */
export function connect(
  storage: CalendarStorage,
  organizationId: string,
  overrides: Partial<NewConnection> = {},
): Promise<ConnectionRecord> {
  return storage.createConnection({
    id: newId(),
    organizationId,
    provider: "google",
    exclusive: true,
    externalAccountId: `acct-${newId()}`,
    accountEmail: "admin@example.com",
    scopes: ["openid"],
    tokens: tokens("k1", "one"),
    createdBy: "user-1",
    ...overrides,
  });
}
