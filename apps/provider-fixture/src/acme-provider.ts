import {
  bearerOf,
  type CalendarProvider,
  createOAuth2Connect,
  defineCalendarProvider,
  deterministicEventId,
  type ProviderRuntime,
} from "@org/calendar-connections-server";
import { acmeApi } from "./acme-api.ts";

/** Options of `acmeCalendar()`: the client registered at Acme's authorization server, and its API. */
export interface AcmeCalendarOptions extends ProviderRuntime {
  readonly clientId: string;
  readonly clientSecret: string;
  /** From the authorization server's discovery document. */
  readonly endpoints: { readonly authorization: string; readonly token: string; readonly revocation: string };
  /** The calendar API's base URL. */
  readonly apiBaseURL: string;
}

/** Acme's mark: a calendar page with a ring binding, in the accent color. */
export const ACME_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="3" y="5" width="18" height="16" rx="3" fill="#7c3aed"/><rect x="6" y="10" width="12" height="8" rx="1" fill="#fff"/><path d="M8 3v4M16 3v4" stroke="#7c3aed" stroke-width="2" stroke-linecap="round"/></svg>';

const ID = "acme";

/**
 * Acme Calendar, a host's own OAuth provider: consent at Acme's authorization server (PKCE, offline
 * access), then events written under ids derived from (connection, event).
 */
export function acmeCalendar(options: AcmeCalendarOptions): CalendarProvider<typeof ID> {
  const api = acmeApi(ID, options);
  return defineCalendarProvider({
    id: ID,
    name: "Acme Calendar",
    description: "Sync events into an Acme calendar.",
    icon: { type: "svg", svg: ACME_ICON },
    connect: createOAuth2Connect({
      ...options,
      provider: ID,
      authorizationEndpoint: options.endpoints.authorization,
      tokenEndpoint: options.endpoints.token,
      revocationEndpoint: options.endpoints.revocation,
      scopes: ["offline_access", "calendar"],
      // offline_access is an OpenID scope; access tokens carry only the API's own scopes.
      requiredScopes: ["calendar"],
      // Without prompt=consent an OpenID provider drops offline_access, and no refresh token comes.
      authorizationParams: { prompt: "consent" },
      getIdentity: (token) => api.me({ baseURL: options.apiBaseURL, authorization: `Bearer ${token}` }),
    }),
    calendar: api.operations((access) => ({
      baseURL: options.apiBaseURL,
      authorization: `Bearer ${bearerOf(access, ID)}`,
    })),
    sync: { idempotency: { kind: "deterministic-id", externalId: deterministicEventId } },
  });
}
