import type { ConnectionMethods } from "../aggregates.ts";
import { checkTokenWrite, isLegacyCredentials } from "../credentials.ts";
import { StorageConflictError } from "../errors.ts";
import type { ConnectionPatch, ConnectionRecord } from "../types.ts";
import { attachAudit } from "./audit.ts";
import { live, type MemoryState, type Mutable, owned } from "./state.ts";

/** The unique indexes of the SQL schema, checked by hand: one exclusive slot, one account, one feed token. */
function checkUnique(state: MemoryState, candidate: ConnectionRecord, exclusive: boolean): void {
  if (!live(candidate)) return;
  for (const other of state.connections.values()) {
    if (other.id === candidate.id || !live(other)) continue;
    if (candidate.feedTokenHash && other.feedTokenHash === candidate.feedTokenHash) {
      throw new StorageConflictError("This feed token hash is already in use.");
    }
    if (other.organizationId !== candidate.organizationId || other.provider !== candidate.provider) continue;
    if (exclusive && state.exclusive.has(other.id)) {
      throw new StorageConflictError(
        `The organization already has a ${candidate.provider} connection; disconnect it first.`,
      );
    }
    if (candidate.externalAccountId !== null && other.externalAccountId === candidate.externalAccountId) {
      throw new StorageConflictError("This account is already connected.");
    }
  }
}

/** Applies a patch's fields to a copy of `current` (the token write bumps `tokenVersion`). */
function patched(current: ConnectionRecord, patch: ConnectionPatch, at: Date): ConnectionRecord {
  const next: Mutable<ConnectionRecord> = { ...current, updatedAt: at };
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
  if (patch.disconnectRequested !== undefined) {
    next.disconnectRequestedAt = patch.disconnectRequested?.at ?? null;
    next.disconnectRequestedBy = patch.disconnectRequested?.by ?? null;
  }
  if (patch.tokens) {
    const tokens = checkTokenWrite(patch.tokens);
    next.credentialsKind = tokens.credentialsKind;
    next.credentialsCiphertext = tokens.credentialsCiphertext;
    next.tokenExpiresAt = tokens.tokenExpiresAt;
    next.keyId = tokens.keyId;
    next.tokenVersion = current.tokenVersion + 1;
  }
  return next;
}

/** Whether key rotation should re-seal the row (see `listConnectionsNotOnKey`). */
function offKey(c: ConnectionRecord, keyId: string): boolean {
  if (c.credentialsCiphertext === null) return false;
  return c.keyId !== keyId || isLegacyCredentials(c.credentialsCiphertext);
}

/** The connections of the memory storage. */
export function memoryConnections(state: MemoryState): ConnectionMethods {
  const { connections, jobs, now } = state;
  return {
    async createConnection(input) {
      const at = now();
      const tokens = input.tokens ? checkTokenWrite(input.tokens) : null;
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
        credentialsKind: tokens?.credentialsKind ?? null,
        credentialsCiphertext: tokens?.credentialsCiphertext ?? null,
        tokenExpiresAt: tokens?.tokenExpiresAt ?? null,
        keyId: tokens?.keyId ?? null,
        tokenVersion: tokens ? 1 : 0,
        scopes: [...(input.scopes ?? [])],
        feedTokenHash: input.feedTokenHash ?? null,
        lastSyncedAt: null,
        createdAt: at,
        updatedAt: at,
        createdBy: input.createdBy ?? null,
        disconnectedAt: null,
        disconnectRequestedAt: null,
        disconnectRequestedBy: null,
      };
      if (connections.has(record.id)) throw new StorageConflictError("A connection with this id exists.");
      checkUnique(state, record, input.exclusive);
      connections.set(record.id, record);
      if (input.exclusive) state.exclusive.add(record.id);
      attachAudit(state, record, input.audit);
      return record;
    },

    async getConnection(organizationId, id) {
      return owned(state, organizationId, id);
    },

    async listConnections(organizationId, opts = {}) {
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

    async isAccountInUse(provider, externalAccountId, options = {}) {
      for (const c of connections.values()) {
        if (
          c.provider === provider &&
          c.externalAccountId === externalAccountId &&
          c.id !== options.exceptConnectionId &&
          live(c)
        ) {
          return true;
        }
      }
      return false;
    },

    async findConnectionByFeedTokenHash(feedTokenHash) {
      for (const c of connections.values()) if (c.feedTokenHash === feedTokenHash && live(c)) return c;
      return null;
    },

    async updateConnection(organizationId, id, patch) {
      const current = owned(state, organizationId, id);
      if (!current || !live(current)) return null;
      if (patch.expectedTokenVersion !== undefined && current.tokenVersion !== patch.expectedTokenVersion) {
        return null;
      }
      const next = patched(current, patch, now());
      checkUnique(state, next, state.exclusive.has(id));
      connections.set(id, next);
      attachAudit(state, next, patch.audit);
      return next;
    },

    async disconnectConnection(organizationId, id, audit) {
      const current = owned(state, organizationId, id);
      if (!current || !live(current)) return null;
      const at = now();
      const next: ConnectionRecord = {
        ...current,
        status: "disconnected",
        health: null,
        credentialsKind: null,
        credentialsCiphertext: null,
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
      attachAudit(state, next, audit);
      return next;
    },

    withConnectionLock(connectionId, fn) {
      return state.mutex.run(connectionId, fn);
    },

    async listConnectionsNotOnKey(keyId, opts = {}) {
      return [...connections.values()]
        .filter((c) => offKey(c, keyId) && (opts.afterId === undefined || c.id > opts.afterId))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, opts.limit ?? 100);
    },
  };
}
