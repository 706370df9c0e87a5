import type { CalendarProvider } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import { batchedOAuthCalendarOf, oauthCalendarOf, oauthConnectOf } from "../oauth-client-plugin.ts";
import type { ProviderEndpoints, ProviderRuntime } from "../types.ts";
import { graphBatchCodec } from "./batch.ts";
import { microsoftProvider } from "./client.ts";

export {
  entraEndpoints,
  MICROSOFT_REQUIRED_SCOPES,
  MICROSOFT_SCOPES,
  type MicrosoftProviderOptions,
  microsoftProvider,
} from "./client.ts";

/** Options of the `microsoft()` provider. */
export interface MicrosoftOptions extends ProviderRuntime {
  readonly clientId: string;
  /** Null for a public client (PKCE only). */
  readonly clientSecret: string | null;
  /** Default: derived by the kit (`publicBaseURL` + `basePath` + `/oauth/microsoft/callback`). */
  readonly redirectURI?: string;
  /** Default `common`. */
  readonly tenant?: string;
  /** Override some or all endpoints (the fake Microsoft, a national cloud). */
  readonly endpoints?: Partial<ProviderEndpoints>;
  /** Default: `MICROSOFT_SCOPES`. */
  readonly scopes?: readonly string[];
  /** Jobs of one connection in flight at once per worker. Default 4, Graph's per-mailbox limit. */
  readonly concurrency?: number;
  /**
   * Whether the sync may send many writes of one connection in batch requests (see
   * `CalendarOperations.batch`). Default true.
   */
  readonly batch?: boolean;
}

/**
 * Microsoft 365 and Outlook.com calendars through Entra ID v2 and Microsoft Graph. Graph deduplicates
 * retried inserts by `transactionId`, so an event's id is known only once written.
 */
export function microsoft(options: MicrosoftOptions): CalendarProvider<"microsoft"> {
  const clientFor = (redirectURI: string) => microsoftProvider({ ...options, redirectURI });
  return defineCalendarProvider({
    id: "microsoft",
    name: "Microsoft Outlook",
    description: {
      en: "Sync events into a Microsoft 365 or Outlook.com calendar.",
      de: "Termine in einen Microsoft-365- oder Outlook.com-Kalender übertragen.",
    },
    icon: { type: "key", key: "microsoft" },
    connect: oauthConnectOf(clientFor, options.redirectURI),
    calendar:
      options.batch === false
        ? oauthCalendarOf(clientFor(options.redirectURI ?? ""))
        : batchedOAuthCalendarOf(
            (fetch) =>
              microsoftProvider({
                ...options,
                redirectURI: options.redirectURI ?? "",
                ...(fetch === undefined ? {} : { fetch }),
              }),
            graphBatchCodec,
            options.fetch,
          ),
    sync: { concurrency: options.concurrency ?? 4, idempotency: { kind: "provider-key" } },
  });
}
