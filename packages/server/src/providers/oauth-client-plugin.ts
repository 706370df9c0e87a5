import { type BatchCodec, httpBatching } from "./batch-transport.ts";
import type { CalendarOperations, ConnectionAccess, OAuthConnect } from "./define.ts";
import { ProviderError } from "./errors.ts";
import type { OAuthCalendarClient } from "./types.ts";

/** The access token an OAuth provider's calendar operation runs with. */
export function bearerOf(access: ConnectionAccess, provider: string): string {
  if (access.accessToken === null) {
    throw new ProviderError("unauthorized", { provider, operation: "access", status: null });
  }
  return access.accessToken;
}

/**
 * An OAuth low-level client as a plugin's `connect`: one client per redirect URI (the kit derives it;
 * `redirectURI` overrides it), built when first needed.
 */
export function oauthConnectOf(
  clientFor: (redirectURI: string) => OAuthCalendarClient,
  redirectURI: string | undefined,
): OAuthConnect {
  const clients = new Map<string, OAuthCalendarClient>();
  const client = (derived: string): OAuthCalendarClient => {
    const uri = redirectURI ?? derived;
    let found = clients.get(uri);
    if (found === undefined) {
      found = clientFor(uri);
      clients.set(uri, found);
    }
    return found;
  };
  // Refresh, revoke and identity never send the redirect URI: one client serves them all.
  const base = clientFor(redirectURI ?? "");
  return {
    kind: "oauth",
    requiredScopes: base.requiredScopes,
    ...(redirectURI === undefined ? {} : { redirectURI }),
    createAuthorizationURL: (input) =>
      client(input.redirectURI).createAuthorizationURL({
        state: input.state,
        codeVerifier: input.codeVerifier,
        ...(input.loginHint === undefined ? {} : { loginHint: input.loginHint }),
      }),
    exchangeCode: (input) => client(input.redirectURI).exchangeCode(input.code, input.codeVerifier),
    refresh: (refreshToken) => base.refresh(refreshToken),
    revoke: (token) => base.revoke(token),
    getIdentity: (accessToken) => base.getIdentity(accessToken),
    missingScopes: (granted) => base.missingScopes(granted),
  };
}

/** An OAuth low-level client's calendar API as a plugin's `calendar`, with the kit's access token. */
export function oauthCalendarOf(client: OAuthCalendarClient): CalendarOperations {
  const token = (access: ConnectionAccess): string => bearerOf(access, client.id);
  const find = client.findEventByKey;
  return {
    listCalendars: (access) => client.listCalendars(token(access)),
    upsertEvent: (access, input) => client.upsertEvent(token(access), input),
    updateEvent: (access, input) => client.updateEvent(token(access), input),
    deleteEvent: (access, input) => client.deleteEvent(token(access), input),
    ...(find === undefined
      ? {}
      : { findEventByKey: (access, input) => find.call(client, token(access), input) }),
  };
}

/**
 * `oauthCalendarOf` with the provider's batch API as `batch`: `clientWith(fetch)` builds the client
 * over a given fetch (undefined: the configured one), and each batch session builds one over the
 * batching fetch, so its calls are the plain client's calls inside batch requests.
 */
export function batchedOAuthCalendarOf(
  clientWith: (fetch: typeof globalThis.fetch | undefined) => OAuthCalendarClient,
  codecFor: (apiBase: string) => BatchCodec,
  send: typeof fetch | undefined,
): CalendarOperations {
  const client = clientWith(undefined);
  const transport = send ?? ((input, init) => globalThis.fetch(input, init));
  return {
    ...oauthCalendarOf(client),
    batch: httpBatching(codecFor(client.endpoints.apiBase), transport, (fetch) =>
      oauthCalendarOf(clientWith(fetch)),
    ),
  };
}
