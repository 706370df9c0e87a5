export { AuditEntry, AuditList } from "./audit.ts";
export { Calendar, CalendarList } from "./calendar.ts";
export { Connection, ConnectionList, Health } from "./connection.ts";
export {
  AuditAction,
  ConnectionStatus,
  HealthReason,
  ProviderId,
} from "./enums.ts";
export {
  CallbackErrorCode,
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
// The zod-free part (plain values, the returnTo check, the first load's answer checks), also its own entry.
export * from "./light/index.ts";
export { Scalar, Timestamp } from "./primitives.ts";
export { FieldIssue, Problem } from "./problem.ts";
export {
  type ConnectKind,
  ConnectMethod,
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
  RequeueDeadLettersResponse,
  StartOAuthResponse,
} from "./responses.ts";
export {
  DeadLetter,
  DeadLetterList,
  FailingEvent,
  RetryEventResponse,
  SyncActivity,
  SyncRunResult,
} from "./sync.ts";
