export { AuditEntry, AuditList } from "./audit.ts";
export { Calendar, CalendarList } from "./calendar.ts";
export { Connection, ConnectionList, Health } from "./connection.ts";
export {
  AUDIT_ACTIONS,
  AuditAction,
  CONNECTION_STATUSES,
  ConnectionStatus,
  HEALTH_REASONS,
  HealthReason,
  isProviderId,
  PROVIDER_ID_PATTERN,
  ProviderId,
} from "./enums.ts";
export {
  CALLBACK_ERROR_CODES,
  CallbackErrorCode,
  ERROR_CODE_LIST,
  ERROR_CODES,
  ErrorCode,
  problemTypeForCode,
  statusForCode,
} from "./errors.ts";
export {
  EVENT_LIMITS,
  EVENT_STATUSES,
  EVENT_TRANSPARENCIES,
  EventAttendee,
  EventOverride,
  EventStatus,
  EventTransparency,
  type HostEventInput,
  HostEventSchema,
  RecurrenceLine,
} from "./event.ts";
export { toFieldIssues } from "./issues.ts";
export { LIMITS } from "./limits.ts";
export { Scalar, Timestamp } from "./primitives.ts";
export { FieldIssue, PROBLEM_CONTENT_TYPE, Problem } from "./problem.ts";
export {
  type ConnectKind,
  ConnectMethod,
  FORM_FIELD_TYPES,
  FormField,
  FormFieldType,
  Provider,
  type ProviderCapabilities,
  ProviderCapabilitiesSchema,
  ProviderIcon,
  ProviderList,
} from "./provider.ts";
export {
  CallbackQuery,
  ConnectInput,
  CreateConnectionBody,
  ReturnTo,
  StartOAuthBody,
  UpdateConnectionBody,
} from "./requests.ts";
export {
  CreateConnectionResponse,
  OAuthReturn,
  RETURN_PARAMS,
  RequeueDeadLettersResponse,
  StartOAuthResponse,
} from "./responses.ts";
export { isSafeReturnTo } from "./return-to.ts";
export {
  DeadLetter,
  DeadLetterList,
  FailingEvent,
  RetryEventResponse,
  SyncActivity,
  SyncRunResult,
} from "./sync.ts";
