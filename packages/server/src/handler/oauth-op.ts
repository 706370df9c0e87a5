import {
  type CallbackErrorCode,
  CallbackQuery,
  isSafeReturnTo,
  type ProviderId,
  RETURN_PARAMS,
  type StartOAuthBody,
} from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import { isProviderError } from "../providers/errors.ts";
import type { AccountIdentity, CalendarProvider, ProviderTokens } from "../providers/types.ts";
import { StorageConflictError } from "../storage/errors.ts";
import { newId } from "../storage/ids.ts";
import type { ConnectionRecord, OAuthStateRecord } from "../storage/types.ts";
import { readCookie, serializeCookie } from "./cookies.ts";
import { hashSecret, randomToken } from "./encoding.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";
import type { Actor } from "./options.ts";
import { requireAdmin } from "./session.ts";

const STATE_TTL_MS = 10 * 60 * 1000;
const BINDING_COOKIE = "cc_oauth_binding";

export interface StartedAuthorization {
  readonly authorizationURL: string;
  /** Set it on the response: it binds the callback to this browser. */
  readonly setCookie: string;
}

function callbackPath(kit: Kit, provider: ProviderId): string {
  return `${kit.basePath}/oauth/${provider}/callback`;
}

/** The OAuth module of a provider id from the URL: 404 for ids that are not OAuth providers, 409 when unconfigured. */
function oauthProvider(kit: Kit, id: string): CalendarProvider {
  if (id !== "google" && id !== "microsoft") throw new ApiError("provider_unknown");
  const provider = kit.oauthProvider(id);
  if (provider === null) throw new ApiError("provider_not_configured");
  return provider;
}

/**
 * `POST /oauth/:provider/start`: keeps a single-use state (≥128 bits, 10 minutes) server-side, bound to
 * the admin, the organization, the provider and this browser (a nonce cookie), with a PKCE verifier.
 */
export async function startAuthorization(
  kit: Kit,
  actor: Actor,
  providerId: string,
  body: StartOAuthBody,
): Promise<StartedAuthorization> {
  requireAdmin(actor);
  const provider = oauthProvider(kit, providerId);
  const state = randomToken(kit.randomBytes, 32);
  const codeVerifier = randomToken(kit.randomBytes, 32);
  const binding = randomToken(kit.randomBytes, 32);
  const now = kit.now();
  await kit.storage.deleteExpiredOAuthStates();
  await kit.storage.createOAuthState({
    idHash: hashSecret(state),
    organizationId: actor.organizationId,
    userId: actor.userId,
    sessionBinding: hashSecret(binding),
    provider: provider.id,
    codeVerifier,
    returnTo: body.returnTo ?? null,
    connectionId: null,
    expiresAt: new Date(now.getTime() + STATE_TTL_MS),
  });
  return {
    authorizationURL: provider.createAuthorizationURL({ state, codeVerifier }).toString(),
    setCookie: serializeCookie(BINDING_COOKIE, binding, {
      path: callbackPath(kit, provider.id),
      maxAgeSeconds: STATE_TTL_MS / 1000,
      secure: kit.publicOrigin.startsWith("https:"),
    }),
  };
}

/** A failure of the callback, carried to the redirect as `calendarConnection=error&code=…`. */
class CallbackFailure extends Error {
  constructor(
    readonly code: CallbackErrorCode,
    readonly returnTo: string | null,
  ) {
    super(code);
  }
}

function redirectTo(
  kit: Kit,
  provider: ProviderId,
  returnTo: string | null,
  params: Record<string, string>,
): Response {
  const target = new URL(
    returnTo !== null && isSafeReturnTo(returnTo) ? returnTo : kit.defaultReturnTo,
    kit.publicOrigin,
  );
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return new Response(null, {
    status: 303,
    headers: {
      location: target.toString(),
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "set-cookie": serializeCookie(BINDING_COOKIE, "", {
        path: callbackPath(kit, provider),
        maxAgeSeconds: 0,
        secure: kit.publicOrigin.startsWith("https:"),
      }),
    },
  });
}

/** Checks every binding of the state; any mismatch is the same `oauth_state_invalid`, to tell an attacker nothing. */
async function consumeState(kit: Kit, request: Request, provider: CalendarProvider, state: string) {
  const record = await kit.storage.consumeOAuthState(hashSecret(state));
  if (record === null) throw new CallbackFailure("oauth_state_invalid", null);
  const fail = (code: CallbackErrorCode = "oauth_state_invalid") =>
    new CallbackFailure(code, record.returnTo);
  if (record.provider !== provider.id) throw fail();
  const binding = readCookie(request, BINDING_COOKIE);
  if (binding === null || record.sessionBinding === null || hashSecret(binding) !== record.sessionBinding)
    throw fail();
  const actor = await kit.options.authorize(request, { organizationId: record.organizationId });
  if (actor === null || actor.userId !== record.userId || actor.organizationId !== record.organizationId)
    throw fail();
  if (actor.role !== "admin") throw fail();
  return { record, actor, fail };
}

/** Revokes tokens the kit will not keep, so a refused or failed connect leaves no live grant behind. */
async function discard(kit: Kit, provider: CalendarProvider, tokens: ProviderTokens): Promise<void> {
  try {
    await provider.revoke(tokens.refreshToken ?? tokens.accessToken);
  } catch (error) {
    kit.logger.warn("could not revoke discarded tokens", {
      provider: provider.id,
      reason: describeError(error),
    });
  }
}

async function saveConnection(
  kit: Kit,
  provider: CalendarProvider,
  state: OAuthStateRecord,
  actor: Actor,
  tokens: ProviderTokens,
  identity: AccountIdentity,
): Promise<ConnectionRecord> {
  const { storage } = kit;
  const existing = await storage.findConnectionByAccount(
    state.organizationId,
    provider.id,
    identity.accountId,
  );
  if (existing !== null) {
    const sealed = await kit.tokens.seal(existing.organizationId, existing.id, tokens);
    const updated = await storage.updateConnection(existing.organizationId, existing.id, {
      tokens: sealed,
      status: "active",
      health: null,
      scopes: tokens.grantedScopes,
      accountEmail: identity.email,
      audit: { actorId: actor.userId, action: "connection.reconnected", details: { provider: provider.id } },
    });
    if (updated === null) throw new Error("the connection vanished while reconnecting");
    await storage.resumeConnectionJobs(existing.organizationId, existing.id);
    return updated;
  }
  // One writable calendar needs no choice; with several, the page asks which one to sync into.
  const writable = (await provider.listCalendars(tokens.accessToken)).filter((calendar) => calendar.canWrite);
  const target = writable.length === 1 ? writable[0] : undefined;
  const id = newId(kit.now().getTime());
  const created = await storage.createConnection({
    id,
    organizationId: state.organizationId,
    userId: actor.userId,
    provider: provider.id,
    externalAccountId: identity.accountId,
    accountEmail: identity.email,
    calendarId: target?.id ?? null,
    calendarName: target?.name ?? null,
    tokens: await kit.tokens.seal(state.organizationId, id, tokens),
    scopes: tokens.grantedScopes,
    createdBy: actor.userId,
    audit: {
      actorId: actor.userId,
      action: "connection.connected",
      details: { provider: provider.id, calendarId: target?.id ?? null },
    },
  });
  if (created.calendarId !== null) {
    // Best effort: the connection stands even when the host's event list fails; later changes still sync.
    await kit.sync.backfillConnection(created.organizationId, created.id).catch((error: unknown) => {
      kit.logger.warn("backfill of a new connection failed", {
        connectionId: created.id,
        reason: describeError(error),
      });
    });
  }
  return created;
}

function exchangeFailure(error: unknown): CallbackErrorCode {
  if (isProviderError(error, "unavailable", "rate_limited")) return "provider_unavailable";
  return "oauth_exchange_failed";
}

/**
 * `GET /oauth/:provider/callback`: verifies the state and its bindings, exchanges the code with the
 * PKCE verifier, checks the granted scopes and the refresh token, stores the encrypted tokens, and
 * redirects (303) to `returnTo` with the outcome. Any failure leaves no connection and no token behind.
 */
export async function handleCallback(kit: Kit, request: Request, providerId: string): Promise<Response> {
  const provider = oauthProvider(kit, providerId);
  const query = CallbackQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return redirectTo(kit, provider.id, null, failureParams("oauth_state_invalid"));
  let returnTo: string | null = null;
  try {
    const { record, actor, fail } = await consumeState(kit, request, provider, query.data.state);
    returnTo = record.returnTo;
    if (query.data.error !== undefined) {
      throw fail(query.data.error === "access_denied" ? "oauth_denied" : "oauth_exchange_failed");
    }
    let tokens: ProviderTokens;
    try {
      tokens = await provider.exchangeCode(query.data.code ?? "", record.codeVerifier);
    } catch (error) {
      kit.logger.warn("code exchange failed", { provider: provider.id, reason: describeError(error) });
      throw fail(exchangeFailure(error));
    }
    if (provider.missingScopes(tokens.grantedScopes).length > 0) {
      await discard(kit, provider, tokens);
      throw fail("scope_missing");
    }
    if (tokens.refreshToken === null) {
      await discard(kit, provider, tokens);
      throw fail("refresh_token_missing");
    }
    let connection: ConnectionRecord;
    try {
      const identity = await provider.getIdentity(tokens.accessToken);
      connection = await saveConnection(kit, provider, record, actor, tokens, identity);
    } catch (error) {
      await discard(kit, provider, tokens);
      if (error instanceof StorageConflictError) throw fail("connection_exists");
      if (isProviderError(error)) throw fail("provider_unavailable");
      kit.logger.error("storing a new connection failed", {
        provider: provider.id,
        reason: describeError(error),
      });
      throw fail("storage_unavailable");
    }
    return redirectTo(kit, provider.id, returnTo, {
      [RETURN_PARAMS.outcome]: "connected",
      [RETURN_PARAMS.connectionId]: connection.id,
    });
  } catch (error) {
    if (error instanceof CallbackFailure) {
      return redirectTo(kit, provider.id, error.returnTo ?? returnTo, failureParams(error.code));
    }
    kit.logger.error("OAuth callback failed", { provider: provider.id, reason: describeError(error) });
    return redirectTo(kit, provider.id, returnTo, failureParams("internal_error"));
  }
}

function failureParams(code: CallbackErrorCode): Record<string, string> {
  return { [RETURN_PARAMS.outcome]: "error", [RETURN_PARAMS.code]: code };
}
