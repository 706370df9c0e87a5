export { StorageConflictError, StorageError } from "./errors.ts";
export { newId } from "./ids.ts";
export { toConnection } from "./mapper.ts";
export { createMemoryStorage, type MemoryStorageOptions } from "./memory.ts";
export { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from "./migrations.ts";
export { createPostgresStorage, migratePostgres, type PostgresStorageOptions } from "./postgres.ts";
export {
  createSqliteStorage,
  migrateSqlite,
  openSqliteDatabase,
  type SqliteStorageOptions,
} from "./sqlite.ts";
export type {
  AttachedAudit,
  AuditInput,
  CalendarStorage,
  ClaimJobsOptions,
  ConnectionDetails,
  ConnectionPatch,
  ConnectionRecord,
  EnqueueJobInput,
  EventLink,
  EventLinkInput,
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
