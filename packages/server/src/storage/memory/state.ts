import type { AuditEntry } from "@org/calendar-connections-core";
import { KeyedMutex } from "../mutex.ts";
import type { ConnectionRecord, EventLink, OAuthStateRecord, OutboxEntry, SyncJob } from "../types.ts";

/** A writable copy of a stored row. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every table of the memory storage, shared by its aggregates (plain maps: no native module). */
export interface MemoryState {
  readonly now: () => Date;
  readonly connections: Map<string, ConnectionRecord>;
  /** Ids of the connections created with `exclusive: true` (the SQL column of the same name). */
  readonly exclusive: Set<string>;
  readonly jobs: Map<string, SyncJob>;
  /** By `linkKey(connectionId, eventId)`. */
  readonly links: Map<string, EventLink>;
  readonly audit: AuditEntry[];
  /** Connection events for the host's hook, by id. */
  readonly outbox: Map<string, OutboxEntry>;
  /** By state id hash. */
  readonly states: Map<string, OAuthStateRecord>;
  /** The connection lock, per process. */
  readonly mutex: KeyedMutex;
}

/** Empty tables reading time from `now`. */
export function createMemoryState(now: () => Date): MemoryState {
  return {
    now,
    connections: new Map(),
    exclusive: new Set(),
    jobs: new Map(),
    links: new Map(),
    audit: [],
    outbox: new Map(),
    states: new Map(),
    mutex: new KeyedMutex(),
  };
}

/** Not disconnected. */
export const live = (c: ConnectionRecord): boolean => c.status !== "disconnected";

/** The key of an event link: (connection, event) is its primary key. */
export const linkKey = (connectionId: string, eventId: string): string => `${connectionId}\u0000${eventId}`;

/** The connection `id` when it belongs to `organizationId`, else null (scoping). */
export function owned(state: MemoryState, organizationId: string, id: string): ConnectionRecord | null {
  const c = state.connections.get(id);
  return c && c.organizationId === organizationId ? c : null;
}
