export { type BatchCodec, type BatchedCall, httpBatching } from "./batch-transport.ts";
export {
  type CalDavOptions,
  type CalDavPreset,
  calDavProvider,
  caldav,
  FASTMAIL,
  fastmail,
  ICLOUD,
  icloud,
  MANAGED_PROPERTY,
  NEXTCLOUD,
  nextcloud,
  OTHER_CALDAV,
} from "./caldav/index.ts";
export type {
  CalendarBatchHooks,
  CalendarBatching,
  CalendarBatchSession,
  CalendarOperations,
  CalendarProvider,
  CalendarProviderDefinition,
  ConnectionAccess,
  FormConnect,
  FormFieldDefinition,
  FormVerification,
  FormVerifyContext,
  IdempotencyStrategy,
  InstantConnect,
  InstantConnection,
  OAuthAuthorizationInput,
  OAuthConnect,
  ProviderConnect,
  ProviderRoute,
  ProviderSyncSettings,
} from "./define.ts";
export { defineCalendarProvider } from "./define-provider.ts";
export {
  healthReasonFor,
  isProviderError,
  PROVIDER_ERROR_KINDS,
  ProviderError,
  type ProviderErrorInit,
  type ProviderErrorKind,
} from "./errors.ts";
export { deterministicEventId } from "./event-id.ts";
export {
  GOOGLE_ENDPOINTS,
  GOOGLE_REQUIRED_SCOPES,
  GOOGLE_SCOPES,
  type GoogleOptions,
  type GoogleProviderOptions,
  google,
  googleCalendarApi,
  googleProvider,
} from "./google/index.ts";
export {
  type CalendarAllowList,
  GOOGLE_SERVICE_ACCOUNT_ID,
  type GoogleServiceAccountKey,
  type GoogleServiceAccountOptions,
  type GoogleServiceAccountPlugin,
  type GoogleServiceAccountPluginOptions,
  type GoogleServiceAccountProvider,
  googleServiceAccount,
  googleServiceAccountProvider,
  legacyServiceAccountCalendars,
  parseServiceAccountKey,
  type ServiceAccountCalendars,
  type ServiceAccountCalendarsSource,
} from "./google-service-account/index.ts";
export { apiErrorCodeFor, healthVerdictFor, type ProviderHealthVerdict } from "./health.ts";
export {
  type ApiCall,
  apiErrorKind,
  bearer,
  createApiCall,
  createHttpContext,
  type HttpContext,
  readJson,
  retryAfterMs,
  send,
} from "./http.ts";
export { ICS_FEED_ID, type IcsFeedOptions, icsFeed } from "./ics/index.ts";
export { type Localized, localize } from "./localize.ts";
export {
  entraEndpoints,
  MICROSOFT_REQUIRED_SCOPES,
  MICROSOFT_SCOPES,
  type MicrosoftOptions,
  type MicrosoftProviderOptions,
  microsoft,
  microsoftProvider,
} from "./microsoft/index.ts";
export { bearerOf } from "./oauth-client-plugin.ts";
export { createOAuth2Connect, type OAuth2ConnectOptions } from "./oauth2.ts";
export type { ProviderActionContext, ProviderRouteContext, ProviderServices } from "./route-context.ts";
export type {
  AccountIdentity,
  AuthorizationURLInput,
  CalendarApi,
  CalendarCalls,
  DeleteEventInput,
  EventTarget,
  EventWriteResult,
  OAuthCalendarClient,
  ProviderEndpoints,
  ProviderRuntime,
  ProviderTokens,
  RevokeResult,
  UpdateEventInput,
  UpsertEventInput,
} from "./types.ts";
