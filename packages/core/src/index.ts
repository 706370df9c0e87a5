export { AuditEntry, AuditList } from "./audit.ts";
export { Calendar, CalendarList } from "./calendar.ts";
export {
  getProvider,
  PROVIDER_CATALOG,
  PROVIDERS,
  type ProviderCapabilities,
  type ProviderCatalogEntry,
  type ProviderIconKey,
} from "./catalog.ts";
export { Connection, ConnectionList, Health } from "./connection.ts";
export {
  AUDIT_ACTIONS,
  AuditAction,
  CONNECTION_STATUSES,
  ConnectionStatus,
  HEALTH_REASONS,
  HealthReason,
  PROVIDER_IDS,
  ProviderId,
} from "./enums.ts";
export {
  CALLBACK_ERROR_CODES,
  CallbackErrorCode,
  ERROR_CODES,
  ErrorCode,
  problemTypeForCode,
  statusForCode,
} from "./errors.ts";
export { toFieldIssues } from "./issues.ts";
export { LIMITS } from "./limits.ts";
export { Scalar, Timestamp } from "./primitives.ts";
export { FieldIssue, PROBLEM_CONTENT_TYPE, Problem } from "./problem.ts";
export { Provider, ProviderCapabilitiesSchema, ProviderList } from "./provider.ts";
export {
  CallbackQuery,
  CreateConnectionBody,
  CreateConnectionResponse,
  OAuthReturn,
  RETURN_PARAMS,
  ReturnTo,
  StartOAuthBody,
  StartOAuthResponse,
  UpdateConnectionBody,
} from "./requests.ts";
export { isSafeReturnTo } from "./return-to.ts";
export { DeadLetter, DeadLetterList, SyncRunResult } from "./sync.ts";
