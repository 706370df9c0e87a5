// SQLite and PostgreSQL are subpath exports (`/sqlite`, `/postgres`): the root entry loads no native
// driver and no Node built-in, so the handler runs in Workers, Deno and Bun as well as Node.
export { StorageConflictError, StorageError } from "./errors.ts";
export { newId } from "./ids.ts";
export { toConnection } from "./mapper.ts";
export { createMemoryStorage, type MemoryStorageOptions } from "./memory.ts";
export { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from "./migrations.ts";
export type { MigrateOptions } from "./sql/migrate.ts";
export type {
  AttachedAudit,
  AuditInput,
  CalendarStorage,
  ClaimJobsOptions,
  ConnectionDetails,
  ConnectionPatch,
  ConnectionRecord,
  EnqueueJobInput,
  EnqueueJobsInput,
  EventLink,
  EventLinkInput,
  JobCompletion,
  JobFilter,
  JobOutcomeWrite,
  KeyScanOptions,
  ListAuditOptions,
  ListConnectionsOptions,
  NewConnection,
  OAuthStateInput,
  OAuthStateRecord,
  StoredHealth,
  SyncJob,
  SyncJobStatus,
  TokenWrite,
} from "./types.ts";
