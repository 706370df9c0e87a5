import type { CalendarStorage } from "./types.ts";

// `CalendarStorage` by aggregate: each adapter builds its storage from one part per aggregate
// (`sql/*.ts`, `memory/*.ts`), typed by these.

/** Connections: create, read, update, soft delete, the connection lock and the key scan. */
export type ConnectionMethods = Pick<
  CalendarStorage,
  | "createConnection"
  | "getConnection"
  | "listConnections"
  | "findConnectionByAccount"
  | "isAccountInUse"
  | "findConnectionByFeedTokenHash"
  | "updateConnection"
  | "disconnectConnection"
  | "withConnectionLock"
  | "listConnectionsNotOnKey"
>;

/** Pending OAuth authorizations. */
export type OAuthStateMethods = Pick<
  CalendarStorage,
  "createOAuthState" | "consumeOAuthState" | "deleteExpiredOAuthStates"
>;

/** The sync job queue. */
export type JobMethods = Pick<
  CalendarStorage,
  | "enqueueJob"
  | "enqueueJobs"
  | "claimJobs"
  | "extendLease"
  | "completeJob"
  | "completeJobs"
  | "failJob"
  | "releaseJob"
  | "deadLetterJob"
  | "parkJob"
  | "parkConnectionJobs"
  | "resumeConnectionJobs"
  | "requeueDeadLetters"
  | "listDeadLetters"
  | "listJobs"
>;

/** What an admin sees of a connection's sync: counts, failing jobs, and retrying one event. */
export type ActivityMethods = Pick<CalendarStorage, "syncActivity" | "listFailingJobs" | "retryEventNow">;

/** `requeueDeadLetters` of the job aggregate, for one event: `retryEventNow` builds on it. */
export type ActivityRequeue = (
  organizationId: string,
  connectionId: string,
  options: { readonly eventId: string },
) => Promise<number>;

/** The outbox of connection events. */
export type OutboxMethods = Pick<
  CalendarStorage,
  "claimOutbox" | "completeOutbox" | "postponeOutbox" | "discardOutbox" | "listOutbox"
>;

/** Event links. */
export type EventLinkMethods = Pick<
  CalendarStorage,
  "getEventLink" | "upsertEventLink" | "deleteEventLink" | "markLinksToMove" | "listLinkedEventIds"
>;

/** The audit log. */
export type AuditMethods = Pick<CalendarStorage, "appendAudit" | "listAudit">;
