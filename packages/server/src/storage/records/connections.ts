import type {
  AuditAction,
  ConnectionStatus,
  HealthReason,
  ProviderId,
  Scalar,
} from "@org/calendar-connections-core";
import type { ConnectionNotice } from "./outbox.ts";

// Connection rows, what is written to them, and the audit entries written with them.

/** Why a connection is unhealthy, as stored. `retryAt` is when the kit tries again, if it does. */
export interface StoredHealth {
  readonly reason: HealthReason;
  readonly message: string;
  readonly retryAt: Date | null;
}

/**
 * A `calendar_connection` row as the server sees it. Its credentials (OAuth tokens or a form
 * provider's secret fields) are one encrypted envelope (see `crypto/cipher.ts`); nothing in storage
 * ever sees them in plaintext. Never send a record out of the server: map it with `toConnection()`.
 */
export interface ConnectionRecord {
  readonly id: string;
  readonly organizationId: string;
  /** The user whose account was connected, when the host tracks it. */
  readonly userId: string | null;
  /** The provider registry's id (any string of the `ProviderId` shape); storage knows no list. */
  readonly provider: ProviderId;
  /** The provider's stable account id (OpenID `sub`, Graph user id); null for ICS and service accounts. */
  readonly externalAccountId: string | null;
  readonly accountEmail: string | null;
  readonly calendarId: string | null;
  readonly calendarName: string | null;
  readonly status: ConnectionStatus;
  readonly health: StoredHealth | null;
  /**
   * What `credentialsCiphertext` holds: `"oauth"` (access and refresh token) or `"secret"` (a form
   * provider's secret fields). Bound into the ciphertext. Null exactly when there are no credentials.
   */
  readonly credentialsKind: string | null;
  /** The encrypted credentials envelope; null exactly when `credentialsKind` is. */
  readonly credentialsCiphertext: string | null;
  /** When the OAuth access token expires; null for other kinds, or when unknown. */
  readonly tokenExpiresAt: Date | null;
  /** The id of the key the credentials are encrypted with; null when there are none. */
  readonly keyId: string | null;
  /** Increases by one on every token write; compare-and-set guard for refresh and re-encryption. */
  readonly tokenVersion: number;
  readonly scopes: readonly string[];
  /** SHA-256 (hex or base64url, the caller's choice) of the ICS feed token; the token itself is never stored. */
  readonly feedTokenHash: string | null;
  readonly lastSyncedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string | null;
  readonly disconnectedAt: Date | null;
  /**
   * Set when an admin disconnected it asking for its events to be removed first: it stays live (no
   * new events, its credentials kept) until the worker removed them, then disconnects and revokes.
   */
  readonly disconnectRequestedAt: Date | null;
  readonly disconnectRequestedBy: string | null;
}

/**
 * Encrypted credentials to store in one write (made by the token manager or `sealCredentials`).
 * `credentialsKind`, `credentialsCiphertext` and `keyId` are all set or all null; storage refuses
 * anything else with a `StorageError`.
 */
export interface TokenWrite {
  readonly credentialsKind: string | null;
  readonly credentialsCiphertext: string | null;
  readonly tokenExpiresAt: Date | null;
  /** Key id of the envelope. */
  readonly keyId: string | null;
}

/** An audit entry to append; the storage assigns `id` and `at`. Details never carry secrets. */
export interface AuditInput {
  readonly organizationId: string;
  readonly connectionId: string | null;
  /** The user who acted, or null when the kit itself did. */
  readonly actorId: string | null;
  readonly action: AuditAction;
  readonly details?: Readonly<Record<string, Scalar>>;
  /** A connection event to put in the outbox with the entry, in the same transaction (see `ConnectionNotice`). */
  readonly notify?: ConnectionNotice;
}

/** An audit entry written in the same transaction as a connection change (organization and connection filled in). */
export type AttachedAudit = Omit<AuditInput, "organizationId" | "connectionId">;

/** The descriptive fields of a connection, shared by create and update; absent fields are left as they are, `null` clears. */
export interface ConnectionDetails {
  /** The user whose account was connected, when the host tracks it. */
  readonly userId?: string | null;
  readonly externalAccountId?: string | null;
  readonly accountEmail?: string | null;
  readonly calendarId?: string | null;
  readonly calendarName?: string | null;
  /** Default `active` on create. Use `disconnectConnection` to disconnect. */
  readonly status?: Exclude<ConnectionStatus, "disconnected">;
  readonly health?: StoredHealth | null;
  readonly scopes?: readonly string[];
  readonly feedTokenHash?: string | null;
}

/** A connection to insert with `createConnection`. */
export interface NewConnection extends ConnectionDetails {
  /**
   * Chosen by the caller (see `newId()`), because the credentials ciphertext is bound to the
   * connection id and must be produced before the row exists.
   */
  readonly id: string;
  readonly organizationId: string;
  readonly provider: ProviderId;
  /**
   * True when the provider allows at most one non-disconnected connection per organization. The
   * caller (the provider registry) says it; storage stores it with the row and enforces it: a second
   * exclusive connection of the same provider in the organization is a `StorageConflictError`.
   */
  readonly exclusive: boolean;
  readonly tokens?: TokenWrite | null;
  readonly createdBy?: string | null;
  /** Written in the same transaction as the row. */
  readonly audit?: AttachedAudit;
}

/** Fields to change; absent fields are left as they are, `null` clears. */
export interface ConnectionPatch extends ConnectionDetails {
  readonly lastSyncedAt?: Date | null;
  /** Asks for a disconnect once the events are removed (see `disconnectRequestedAt`); null cancels it. */
  readonly disconnectRequested?: { readonly at: Date; readonly by: string | null } | null;
  /** Replaces the credentials, their kind, expiry and key id in the same statement, and bumps `tokenVersion`. */
  readonly tokens?: TokenWrite;
  /** Compare-and-set: apply the patch only while the row's `tokenVersion` still equals this. */
  readonly expectedTokenVersion?: number;
  /** Written in the same transaction as the change, only when the change applies. */
  readonly audit?: AttachedAudit;
}

/** Options of `listConnections`. */
export interface ListConnectionsOptions {
  /** Default false: disconnected connections are left out. */
  readonly includeDisconnected?: boolean;
}

/** Options of `listAudit`. */
export interface ListAuditOptions {
  readonly connectionId?: string;
  /** Default 100. */
  readonly limit?: number;
}

/** Rows to re-encrypt; see `listConnectionsNotOnKey`. */
export interface KeyScanOptions {
  /** Only rows whose id sorts after this one (paging). */
  readonly afterId?: string;
  /** Default 100. */
  readonly limit?: number;
}
