// The outbox of connection events: one row per change a host is told about, written in the same
// transaction as the change's audit entry, removed once the host's hook took it.

/**
 * What happened to a connection, as the host's `onConnectionEvent` hears it. `sync_failing` is held
 * back for `notifications.failingAfterMs` and dropped if the connection recovers meanwhile (with the
 * `recovered` that would follow it), so a passing blip raises no alert.
 */
export type ConnectionEventKind =
  | "connected"
  | "calendar_changed"
  | "needs_reconnect"
  | "sync_failing"
  | "recovered"
  | "disconnected";

/** Every `ConnectionEventKind`, in the order of a connection's life. */
export const CONNECTION_EVENT_KINDS: readonly ConnectionEventKind[] = [
  "connected",
  "calendar_changed",
  "needs_reconnect",
  "sync_failing",
  "recovered",
  "disconnected",
];

/** A connection event to record with an audit entry: its kind and, for health changes, the reason. */
export interface ConnectionNotice {
  readonly kind: ConnectionEventKind;
  readonly reason?: string | null;
}

/** A `calendar_outbox` row. */
export interface OutboxEntry {
  readonly id: string;
  readonly organizationId: string;
  readonly connectionId: string;
  readonly kind: ConnectionEventKind;
  readonly reason: string | null;
  /** The audit entry written with it: the change it announces. */
  readonly auditId: string;
  readonly occurredAt: Date;
  /** Not delivered before this time (a retry's backoff, or `sync_failing`'s hold). */
  readonly deliverAfter: Date;
  /** Deliveries tried so far; a claim counts as one. */
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: Date | null;
  readonly lastError: string | null;
}

/** Options of `claimOutbox`. */
export interface ClaimOutboxOptions {
  /** Unique to this worker (and run); only it can complete or postpone what it claims. */
  readonly owner: string;
  readonly limit: number;
  readonly leaseMs: number;
}
