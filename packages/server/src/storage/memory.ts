import { type AuditEntry, PROVIDER_CATALOG, type ProviderId } from "@org/calendar-connections-core";
import { StorageConflictError } from "./errors.ts";
import { newId } from "./ids.ts";
import { KeyedMutex } from "./mutex.ts";
import type {
  AttachedAudit,
  AuditInput,
  CalendarStorage,
  ClaimJobsOptions,
  ConnectionPatch,
  ConnectionRecord,
  EnqueueJobInput,
  EventLink,
  EventLinkInput,
  JobFilter,
  KeyScanOptions,
  ListAuditOptions,
  ListConnectionsOptions,
  NewConnection,
  OAuthStateInput,
  OAuthStateRecord,
  SyncJob,
} from "./types.ts";

export interface MemoryStorageOptions {
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isExclusive(provider: ProviderId): boolean {
  return !PROVIDER_CATALOG[provider].capabilities.multiplePerOrganization;
}

const live = (c: ConnectionRecord): boolean => c.status !== "disconnected";

/** A job leaving its lease for good (dead) or until a reconnect (parked). */
const settle = (job: SyncJob, status: "dead" | "parked", error: string): SyncJob => ({
  ...job,
  status,
  rerun: false,
  lastError: error,
  leaseOwner: null,
  leaseExpiresAt: null,
});

/**
 * In-memory storage with the same contract as the SQL adapters (the conformance suite checks it).
 * For tests and demos: nothing survives the process, and the lock is per process.
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): CalendarStorage {
  const now = options.now ?? ((): Date => new Date());
  const connections = new Map<string, ConnectionRecord>();
  const jobs = new Map<string, SyncJob>();
  const links = new Map<string, EventLink>();
  const audit: AuditEntry[] = [];
  const states = new Map<string, OAuthStateRecord>();
  const mutex = new KeyedMutex();

  const linkKey = (connectionId: string, eventId: string): string => `${connectionId}\u0000${eventId}`;
  const owned = (organizationId: string, id: string): ConnectionRecord | null => {
    const c = connections.get(id);
    return c && c.organizationId === organizationId ? c : null;
  };

  function appendAuditSync(entry: AuditInput): AuditEntry {
    const at = now();
    const row: AuditEntry = {
      id: newId(at.getTime()),
      organizationId: entry.organizationId,
      connectionId: entry.connectionId,
      actorId: entry.actorId,
      action: entry.action,
      at: at.toISOString(),
      details: { ...(entry.details ?? {}) },
    };
    audit.push(row);
    return row;
  }

  function attach(c: ConnectionRecord, a: AttachedAudit | undefined): void {
    if (a) appendAuditSync({ ...a, organizationId: c.organizationId, connectionId: c.id });
  }

  function checkUnique(candidate: ConnectionRecord): void {
    for (const other of connections.values()) {
      if (other.id === candidate.id || !live(other) || !live(candidate)) continue;
      if (other.organizationId !== candidate.organizationId) {
        if (candidate.feedTokenHash && other.feedTokenHash === candidate.feedTokenHash) {
          throw new StorageConflictError("This feed token hash is already in use.");
        }
        continue;
      }
      if (other.provider === candidate.provider && isExclusive(candidate.provider)) {
        throw new StorageConflictError(
          `The organization already has a ${candidate.provider} connection; disconnect it first.`,
        );
      }
      if (
        other.provider === candidate.provider &&
        candidate.externalAccountId !== null &&
        other.externalAccountId === candidate.externalAccountId
      ) {
        throw new StorageConflictError("This account is already connected.");
      }
      if (candidate.feedTokenHash && other.feedTokenHash === candidate.feedTokenHash) {
        throw new StorageConflictError("This feed token hash is already in use.");
      }
    }
  }

  function jobTransition(
    jobId: string,
    owner: string,
    change: (job: Mutable<SyncJob>, at: Date) => SyncJob | null,
  ): boolean {
    const job = jobs.get(jobId);
    if (job?.status !== "running" || job.leaseOwner !== owner) return false;
    const at = now();
    const next = change({ ...job }, at);
    if (next) jobs.set(jobId, { ...next, updatedAt: at });
    else jobs.delete(jobId);
    return true;
  }

  const storage: CalendarStorage = {
    async migrate() {
      return [];
    },

    async createConnection(input: NewConnection) {
      const at = now();
      const record: ConnectionRecord = {
        id: input.id,
        organizationId: input.organizationId,
        userId: input.userId ?? null,
        provider: input.provider,
        externalAccountId: input.externalAccountId ?? null,
        accountEmail: input.accountEmail ?? null,
        calendarId: input.calendarId ?? null,
        calendarName: input.calendarName ?? null,
        status: input.status ?? "active",
        health: input.health ?? null,
        accessTokenCiphertext: input.tokens?.accessTokenCiphertext ?? null,
        refreshTokenCiphertext: input.tokens?.refreshTokenCiphertext ?? null,
        tokenExpiresAt: input.tokens?.tokenExpiresAt ?? null,
        keyId: input.tokens?.keyId ?? null,
        tokenVersion: input.tokens ? 1 : 0,
        scopes: [...(input.scopes ?? [])],
        feedTokenHash: input.feedTokenHash ?? null,
        lastSyncedAt: null,
        createdAt: at,
        updatedAt: at,
        createdBy: input.createdBy ?? null,
        disconnectedAt: null,
      };
      if (connections.has(record.id)) throw new StorageConflictError("A connection with this id exists.");
      checkUnique(record);
      connections.set(record.id, record);
      attach(record, input.audit);
      return record;
    },

    async getConnection(organizationId, id) {
      return owned(organizationId, id);
    },

    async listConnections(organizationId, opts: ListConnectionsOptions = {}) {
      return [...connections.values()]
        .filter((c) => c.organizationId === organizationId && (opts.includeDisconnected || live(c)))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    },

    async findConnectionByAccount(organizationId, provider, externalAccountId) {
      for (const c of connections.values()) {
        if (
          c.organizationId === organizationId &&
          c.provider === provider &&
          c.externalAccountId === externalAccountId &&
          live(c)
        ) {
          return c;
        }
      }
      return null;
    },

    async findConnectionByFeedTokenHash(feedTokenHash) {
      for (const c of connections.values()) if (c.feedTokenHash === feedTokenHash && live(c)) return c;
      return null;
    },

    async updateConnection(organizationId, id, patch: ConnectionPatch) {
      const current = owned(organizationId, id);
      if (!current || !live(current)) return null;
      if (patch.expectedTokenVersion !== undefined && current.tokenVersion !== patch.expectedTokenVersion) {
        return null;
      }
      const next: Mutable<ConnectionRecord> = { ...current, updatedAt: now() };
      if (patch.userId !== undefined) next.userId = patch.userId;
      if (patch.externalAccountId !== undefined) next.externalAccountId = patch.externalAccountId;
      if (patch.accountEmail !== undefined) next.accountEmail = patch.accountEmail;
      if (patch.calendarId !== undefined) next.calendarId = patch.calendarId;
      if (patch.calendarName !== undefined) next.calendarName = patch.calendarName;
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.health !== undefined) next.health = patch.health;
      if (patch.scopes !== undefined) next.scopes = [...patch.scopes];
      if (patch.feedTokenHash !== undefined) next.feedTokenHash = patch.feedTokenHash;
      if (patch.lastSyncedAt !== undefined) next.lastSyncedAt = patch.lastSyncedAt;
      if (patch.tokens) {
        next.accessTokenCiphertext = patch.tokens.accessTokenCiphertext;
        next.refreshTokenCiphertext = patch.tokens.refreshTokenCiphertext;
        next.tokenExpiresAt = patch.tokens.tokenExpiresAt;
        next.keyId = patch.tokens.keyId;
        next.tokenVersion = current.tokenVersion + 1;
      }
      checkUnique(next);
      connections.set(id, next);
      attach(next, patch.audit);
      return next;
    },

    async disconnectConnection(organizationId, id, auditEntry) {
      const current = owned(organizationId, id);
      if (!current || !live(current)) return null;
      const at = now();
      const next: ConnectionRecord = {
        ...current,
        status: "disconnected",
        health: null,
        accessTokenCiphertext: null,
        refreshTokenCiphertext: null,
        tokenExpiresAt: null,
        keyId: null,
        tokenVersion: current.tokenVersion + 1,
        feedTokenHash: null,
        updatedAt: at,
        disconnectedAt: at,
      };
      connections.set(id, next);
      for (const job of [...jobs.values()]) {
        if (job.connectionId === id && (job.status === "pending" || job.status === "parked"))
          jobs.delete(job.id);
      }
      attach(next, auditEntry);
      return next;
    },

    withConnectionLock(connectionId, fn) {
      return mutex.run(connectionId, fn);
    },

    async listConnectionsNotOnKey(keyId, opts: KeyScanOptions = {}) {
      return [...connections.values()]
        .filter(
          (c) => c.keyId !== null && c.keyId !== keyId && (opts.afterId === undefined || c.id > opts.afterId),
        )
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, opts.limit ?? 100);
    },

    async createOAuthState(input: OAuthStateInput) {
      if (states.has(input.idHash)) throw new StorageConflictError("This OAuth state exists.");
      states.set(input.idHash, { ...input, createdAt: now() });
    },

    async consumeOAuthState(idHash) {
      const state = states.get(idHash);
      if (!state) return null;
      states.delete(idHash);
      return state.expiresAt > now() ? state : null;
    },

    async deleteExpiredOAuthStates() {
      const at = now();
      let count = 0;
      for (const [key, state] of states) {
        if (state.expiresAt <= at) {
          states.delete(key);
          count++;
        }
      }
      return count;
    },

    async enqueueJob(input: EnqueueJobInput) {
      const connection = owned(input.organizationId, input.connectionId);
      if (!connection || !live(connection)) return null;
      const at = now();
      const runAfter = input.runAfter ?? at;
      for (const job of jobs.values()) {
        if (
          job.connectionId !== input.connectionId ||
          job.eventId !== input.eventId ||
          job.status === "dead"
        ) {
          continue;
        }
        const next: SyncJob =
          job.status === "pending"
            ? {
                ...job,
                runAfter: new Date(Math.min(runAfter.getTime(), job.runAfter.getTime())),
                updatedAt: at,
              }
            : job.status === "running"
              ? { ...job, rerun: true, updatedAt: at }
              : { ...job, updatedAt: at };
        jobs.set(job.id, next);
        return next;
      }
      const job: SyncJob = {
        id: newId(at.getTime()),
        organizationId: input.organizationId,
        connectionId: input.connectionId,
        eventId: input.eventId,
        status: connection.status === "needs_reauth" ? "parked" : "pending",
        attempts: 0,
        runAfter,
        leaseOwner: null,
        leaseExpiresAt: null,
        rerun: false,
        lastError: null,
        createdAt: at,
        updatedAt: at,
      };
      jobs.set(job.id, job);
      return job;
    },

    async claimJobs(opts: ClaimJobsOptions) {
      const at = now();
      const due = [...jobs.values()]
        .filter(
          (j) =>
            (opts.connectionId === undefined || j.connectionId === opts.connectionId) &&
            ((j.status === "pending" && j.runAfter <= at) ||
              (j.status === "running" && j.leaseExpiresAt !== null && j.leaseExpiresAt <= at)),
        )
        .sort((a, b) => a.runAfter.getTime() - b.runAfter.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, Math.max(0, opts.limit));
      return due.map((j) => {
        const claimed: SyncJob = {
          ...j,
          status: "running",
          attempts: j.attempts + 1,
          leaseOwner: opts.owner,
          leaseExpiresAt: new Date(at.getTime() + opts.leaseMs),
          updatedAt: at,
        };
        jobs.set(j.id, claimed);
        return claimed;
      });
    },

    async extendLease(jobId, owner, leaseMs) {
      return jobTransition(jobId, owner, (job, at) => ({
        ...job,
        leaseExpiresAt: new Date(at.getTime() + leaseMs),
      }));
    },

    async completeJob(jobId, owner, outcome = {}) {
      return jobTransition(jobId, owner, (job, at) => {
        const key = linkKey(job.connectionId, job.eventId);
        if (outcome.link === null) links.delete(key);
        else if (outcome.link !== undefined && owned(job.organizationId, job.connectionId)) {
          const { organizationId, connectionId, eventId } = job;
          const { externalId, etag, lastSyncedHash } = outcome.link;
          const createdAt = links.get(key)?.createdAt ?? at;
          links.set(key, {
            organizationId,
            connectionId,
            eventId,
            externalId,
            etag,
            lastSyncedHash,
            createdAt,
            updatedAt: at,
          });
        }
        const connection = owned(job.organizationId, job.connectionId);
        if (outcome.lastSyncedAt !== undefined && connection && live(connection)) {
          connections.set(connection.id, {
            ...connection,
            lastSyncedAt: outcome.lastSyncedAt,
            updatedAt: at,
          });
        }
        return job.rerun
          ? {
              ...job,
              status: "pending",
              attempts: 0,
              rerun: false,
              runAfter: at,
              leaseOwner: null,
              leaseExpiresAt: null,
            }
          : null;
      });
    },

    async failJob(jobId, owner, failure) {
      return jobTransition(jobId, owner, (job) => ({
        ...job,
        status: "pending",
        rerun: false,
        runAfter: failure.runAfter,
        lastError: failure.error,
        leaseOwner: null,
        leaseExpiresAt: null,
      }));
    },

    async releaseJob(jobId, owner) {
      return jobTransition(jobId, owner, (job, at) => ({
        ...job,
        status: "pending",
        attempts: Math.max(0, job.attempts - 1),
        runAfter: at,
        leaseOwner: null,
        leaseExpiresAt: null,
      }));
    },

    async deadLetterJob(jobId, owner, error) {
      return jobTransition(jobId, owner, (job) => settle(job, "dead", error));
    },

    async parkJob(jobId, owner, error) {
      return jobTransition(jobId, owner, (job) => settle(job, "parked", error));
    },

    async parkConnectionJobs(organizationId, connectionId) {
      return changeConnectionJobs(organizationId, connectionId, "pending", (job) => ({
        ...job,
        status: "parked",
      }));
    },

    async resumeConnectionJobs(organizationId, connectionId) {
      return changeConnectionJobs(organizationId, connectionId, "parked", (job, at) => ({
        ...job,
        status: "pending",
        runAfter: at,
      }));
    },

    async listDeadLetters(organizationId, opts = {}) {
      return [...jobs.values()]
        .filter(
          (j) =>
            j.organizationId === organizationId &&
            j.status === "dead" &&
            (opts.connectionId === undefined || j.connectionId === opts.connectionId),
        )
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, opts.limit ?? 100);
    },

    async listJobs(filter: JobFilter = {}) {
      return [...jobs.values()]
        .filter(
          (j) =>
            (filter.organizationId === undefined || j.organizationId === filter.organizationId) &&
            (filter.connectionId === undefined || j.connectionId === filter.connectionId) &&
            (filter.status === undefined || j.status === filter.status),
        )
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, filter.limit ?? 1000);
    },

    async getEventLink(organizationId, connectionId, eventId) {
      const link = links.get(linkKey(connectionId, eventId));
      return link && link.organizationId === organizationId ? link : null;
    },

    async upsertEventLink(input: EventLinkInput) {
      const connection = owned(input.organizationId, input.connectionId);
      if (!connection) return null;
      const at = now();
      const key = linkKey(input.connectionId, input.eventId);
      const link: EventLink = { ...input, createdAt: links.get(key)?.createdAt ?? at, updatedAt: at };
      links.set(key, link);
      return link;
    },

    async deleteEventLink(organizationId, connectionId, eventId) {
      const key = linkKey(connectionId, eventId);
      const link = links.get(key);
      if (!link || link.organizationId !== organizationId) return false;
      links.delete(key);
      return true;
    },

    async appendAudit(entry: AuditInput) {
      return appendAuditSync(entry);
    },

    async listAudit(organizationId, opts: ListAuditOptions = {}) {
      return audit
        .filter(
          (e) =>
            e.organizationId === organizationId &&
            (opts.connectionId === undefined || e.connectionId === opts.connectionId),
        )
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
        .slice(0, opts.limit ?? 100);
    },

    async close() {},
  };

  function changeConnectionJobs(
    organizationId: string,
    connectionId: string,
    from: SyncJob["status"],
    change: (job: SyncJob, at: Date) => SyncJob,
  ): number {
    const at = now();
    let count = 0;
    for (const job of [...jobs.values()]) {
      if (job.organizationId === organizationId && job.connectionId === connectionId && job.status === from) {
        jobs.set(job.id, { ...change(job, at), updatedAt: at });
        count++;
      }
    }
    return count;
  }

  return storage;
}
