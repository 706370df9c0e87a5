import type { CalendarProvider } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import { deterministicEventId } from "../event-id.ts";
import { batchedOAuthCalendarOf, oauthCalendarOf, oauthConnectOf } from "../oauth-client-plugin.ts";
import type { ProviderEndpoints, ProviderRuntime } from "../types.ts";
import { googleBatchCodec } from "./batch.ts";
import { googleProvider } from "./client.ts";

export {
  GOOGLE_ENDPOINTS,
  GOOGLE_REQUIRED_SCOPES,
  GOOGLE_SCOPES,
  type GoogleProviderOptions,
  googleCalendarApi,
  googleProvider,
} from "./client.ts";

/** Options of the `google()` provider. */
export interface GoogleOptions extends ProviderRuntime {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default: derived by the kit (`publicBaseURL` + `basePath` + `/oauth/google/callback`). */
  readonly redirectURI?: string;
  /** Override some or all endpoints (the fake Google, a proxy). Default: Google's. */
  readonly endpoints?: Partial<ProviderEndpoints>;
  /** Default: `GOOGLE_SCOPES`. */
  readonly scopes?: readonly string[];
  /** Jobs of one connection in flight at once per worker. Default 8. */
  readonly concurrency?: number;
  /**
   * Whether the sync may send many writes of one connection in batch requests (see
   * `CalendarOperations.batch`). Default true.
   */
  readonly batch?: boolean;
}

/**
 * Google Calendar (Workspace and Gmail) through OAuth 2.0 with PKCE and Calendar v3. Events get ids
 * derived from (connection, event), so a retried insert never doubles an event.
 */
export function google(options: GoogleOptions): CalendarProvider<"google"> {
  const clientFor = (redirectURI: string) => googleProvider({ ...options, redirectURI });
  return defineCalendarProvider({
    id: "google",
    name: "Google Calendar",
    description: {
      en: "Sync events into a Google Workspace or Gmail calendar.",
      de: "Termine in einen Google-Workspace- oder Gmail-Kalender übertragen.",
    },
    icon: { type: "key", key: "google" },
    connect: oauthConnectOf(clientFor, options.redirectURI),
    calendar:
      options.batch === false
        ? oauthCalendarOf(clientFor(options.redirectURI ?? ""))
        : batchedOAuthCalendarOf(
            (fetch) =>
              googleProvider({
                ...options,
                redirectURI: options.redirectURI ?? "",
                ...(fetch === undefined ? {} : { fetch }),
              }),
            googleBatchCodec,
            options.fetch,
          ),
    sync: {
      concurrency: options.concurrency ?? 8,
      idempotency: { kind: "deterministic-id", externalId: deterministicEventId },
    },
  });
}
