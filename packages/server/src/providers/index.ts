export {
  healthReasonFor,
  isProviderError,
  PROVIDER_ERROR_KINDS,
  ProviderError,
  type ProviderErrorInit,
  type ProviderErrorKind,
} from "./errors.ts";
export { deterministicEventId } from "./event-id.ts";
export { GOOGLE_ENDPOINTS, type GoogleProviderOptions, googleCalendarApi, googleProvider } from "./google.ts";
export {
  type GoogleServiceAccountKey,
  type GoogleServiceAccountOptions,
  type GoogleServiceAccountProvider,
  googleServiceAccountProvider,
  parseServiceAccountKey,
} from "./google-service-account.ts";
export { entraEndpoints, type MicrosoftProviderOptions, microsoftProvider } from "./microsoft.ts";
export type {
  AccountIdentity,
  AuthorizationURLInput,
  CalendarApi,
  CalendarProvider,
  DeleteEventInput,
  EventTarget,
  EventWriteResult,
  ProviderEndpoints,
  ProviderRuntime,
  ProviderTokens,
  RevokeResult,
  UpdateEventInput,
  UpsertEventInput,
} from "./types.ts";

import { type GoogleProviderOptions, googleProvider } from "./google.ts";
import { type MicrosoftProviderOptions, microsoftProvider } from "./microsoft.ts";
import type { CalendarProvider, ProviderRuntime } from "./types.ts";

/** Credentials per provider; the shared fetch, clock and timeout apply unless a provider overrides them. */
export interface ProvidersConfig extends ProviderRuntime {
  readonly google?: GoogleProviderOptions;
  readonly microsoft?: MicrosoftProviderOptions;
}

/** The OAuth providers that have credentials, keyed by provider id. */
export interface OAuthProviderMap {
  readonly google?: CalendarProvider;
  readonly microsoft?: CalendarProvider;
}

/** Builds the configured OAuth providers, sharing one fetch, clock and timeout. */
export function createProviders(config: ProvidersConfig): OAuthProviderMap {
  const runtime: ProviderRuntime = {
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.now === undefined ? {} : { now: config.now }),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
  };
  return {
    ...(config.google === undefined ? {} : { google: googleProvider({ ...runtime, ...config.google }) }),
    ...(config.microsoft === undefined
      ? {}
      : { microsoft: microsoftProvider({ ...runtime, ...config.microsoft }) }),
  };
}
