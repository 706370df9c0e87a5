import {
  type CallbackErrorCode,
  CallbackQuery,
  isSafeReturnTo,
  RETURN_PARAMS,
  type StartOAuthBody,
} from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import { reconnectedPatch } from "../notifications/notice.ts";
import type { CalendarProvider, OAuthConnect } from "../providers/define.ts";
import { isProviderError } from "../providers/errors.ts";
import type { AccountIdentity, ProviderTokens } from "../providers/types.ts";
import { StorageConflictError } from "../storage/errors.ts";
import { newId } from "../storage/ids.ts";
import type { ConnectionRecord, OAuthStateRecord } from "../storage/types.ts";
import { readCookie, serializeCookie } from "./cookies.ts";
import { hashSecret, randomToken } from "./encoding.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";
import {
  accessForNewAccount,
  afterCommit,
  backfillNewConnection,
  newAccountConnection,
  soleWritableCalendar,
} from "./new-connection.ts";
import type { Actor } from "./options.ts";
import { isEnabled } from "./providers-op.ts";
import { revokeUnlessShared } from "./revocation.ts";
import { requireAdmin } from "./session.ts";

const STATE_TTL_MS = 10 * 60 * 1000;
const BINDING_COOKIE = "cc_oauth_binding";

/** A started OAuth authorization: where to send the browser, and the cookie that binds the callback to it. */
export interface StartedAuthorization {
  /** The provider's consent page, with state and PKCE challenge. */
  readonly authorizationURL: string;
  /** Set it on the response: it binds the callback to this browser. */
  readonly setCookie: string;
}

/** An OAuth provider and its connect operations. */
interface OAuthProvider {
  readonly provider: CalendarProvider;
  readonly connect: OAuthConnect;
}

// The binding cookie goes only to the callback: its path is the redirect URI's.
function callbackPath(kit: Kit, providerId: string): string {
  return new URL(kit.redirectURI(providerId)).pathname;
}

/** The OAuth provider of an id from the URL: 404 for ids that are not OAuth providers. */
function oauthProvider(kit: Kit, id: string): OAuthProvider {
  const provider = kit.providers.get(id);
  const connect = kit.providers.oauth(id);
  if (provider === null || connect === null) throw new ApiError("provider_unknown");
  return { provider, connect };
}

/** The required scopes a grant lacks. */
function missingScopes(connect: OAuthConnect, granted: readonly string[]): string[] {
  return (
    connect.missingScopes?.(granted) ?? connect.requiredScopes.filter((scope) => !granted.includes(scope))
  );
}

/** The account email of the organization's connection being reconnected, when it is of this provider. */
async function reconnectHint(
  kit: Kit,
  actor: Actor,
  providerId: string,
  connectionId: string | undefined,
): Promise<string | null> {
  if (connectionId === undefined) return null;
  const record = await kit.storage.getConnection(actor.organizationId, connectionId);
  if (record === null || record.provider !== providerId) return null;
  return record.accountEmail;
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
  const { provider, connect } = oauthProvider(kit, providerId);
  if (!(await isEnabled(provider, actor.organizationId))) throw new ApiError("provider_not_enabled");
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
  // A reconnect asks the consent screen for the account it had; the provider's client decides whether it
  // sends the hint (Google's and Microsoft's take `login_hint`).
  const loginHint = await reconnectHint(kit, actor, provider.id, body.connectionId);
  return {
    authorizationURL: connect
      .createAuthorizationURL({
        state,
        codeVerifier,
        redirectURI: kit.redirectURI(provider.id),
        ...(loginHint === null ? {} : { loginHint }),
      })
      .toString(),
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
  provider: string,
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

/** Who consented, or null when the provider cannot tell now (a withheld profile scope, an outage). */
async function identityOf(
  kit: Kit,
  { provider, connect }: OAuthProvider,
  tokens: ProviderTokens,
): Promise<AccountIdentity | null> {
  try {
    return await connect.getIdentity(tokens.accessToken);
  } catch (error) {
    kit.logger.warn("identity lookup failed", { provider: provider.id, reason: describeError(error) });
    return null;
  }
}

/**
 * Drops tokens the kit will not keep, revoking their grant so a refused or failed connect leaves no
 * live grant behind, unless the account's grant is one a live connection (this organization's, on a
 * reconnect, or another's) still uses: a new consent joins the account's existing grant, so revoking
 * it would end those connections too. Unknown accounts are kept for the same reason.
 */
async function discard(
  kit: Kit,
  oauth: OAuthProvider,
  tokens: ProviderTokens,
  known: AccountIdentity | null,
): Promise<void> {
  const identity = known ?? (await identityOf(kit, oauth, tokens));
  const outcome = await revokeUnlessShared(kit, {
    provider: oauth.provider.id,
    connect: oauth.connect,
    accountId: identity?.accountId ?? null,
    token: async () => tokens.refreshToken ?? tokens.accessToken,
  });
  if (outcome.revocation === "kept") {
    kit.logger.info("kept the grant of discarded tokens", {
      provider: oauth.provider.id,
      reason: outcome.reason,
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
    // Under the connection lock, so a refresh of the old grant that is under way finishes (and records
    // its failure) first, and never lands on top of the fresh grant.
    return storage.withConnectionLock(existing.id, async () => {
      const updated = await storage.updateConnection(existing.organizationId, existing.id, {
        tokens: sealed,
        scopes: tokens.grantedScopes,
        ...reconnectedPatch({
          actorId: actor.userId,
          providerId: provider.id,
          previous: existing.status,
          accountEmail: identity.email,
        }),
      });
      if (updated === null) throw new Error("the connection vanished while reconnecting");
      // The fresh grant has committed: a failure from here on must not discard (revoke) it.
      await afterCommit(kit, updated, async () => {
        await storage.resumeConnectionJobs(existing.organizationId, existing.id);
        // A reconnect is a recovery: what the failure dead-lettered runs again.
        await storage.requeueDeadLetters(existing.organizationId, existing.id);
      });
      return updated;
    });
  }
  const id = newId(kit.now().getTime());
  const target = await soleWritableCalendar(
    provider,
    accessForNewAccount(id, state.organizationId, identity, { accessToken: tokens.accessToken, secrets: {} }),
  );
  const created = await storage.createConnection(
    newAccountConnection({
      id,
      organizationId: state.organizationId,
      actor,
      provider,
      account: identity,
      target,
      tokens: await kit.tokens.seal(state.organizationId, id, tokens),
      scopes: tokens.grantedScopes,
    }),
  );
  await backfillNewConnection(kit, created);
  return created;
}

function exchangeFailure(error: unknown): CallbackErrorCode {
  if (isProviderError(error, "unavailable", "rate_limited")) return "provider_unavailable";
  return "oauth_exchange_failed";
}

/**
 * `GET /oauth/:provider/callback`: verifies the state and its bindings, exchanges the code with the
 * PKCE verifier, checks the granted scopes and the refresh token, stores the encrypted tokens, and
 * redirects (303) to `returnTo` with the outcome. Any failure leaves no connection and no token behind,
 * and revokes no grant another connection of the account still uses (see `discard`).
 */
export async function handleCallback(kit: Kit, request: Request, providerId: string): Promise<Response> {
  const oauth = oauthProvider(kit, providerId);
  const { provider, connect } = oauth;
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
      tokens = await connect.exchangeCode({
        code: query.data.code ?? "",
        codeVerifier: record.codeVerifier,
        redirectURI: kit.redirectURI(provider.id),
      });
    } catch (error) {
      kit.logger.warn("code exchange failed", { provider: provider.id, reason: describeError(error) });
      throw fail(exchangeFailure(error));
    }
    if (missingScopes(connect, tokens.grantedScopes).length > 0) {
      await discard(kit, oauth, tokens, null);
      throw fail("scope_missing");
    }
    if (tokens.refreshToken === null) {
      await discard(kit, oauth, tokens, null);
      throw fail("refresh_token_missing");
    }
    let connection: ConnectionRecord;
    let identity: AccountIdentity | null = null;
    try {
      identity = await connect.getIdentity(tokens.accessToken);
      connection = await saveConnection(kit, provider, record, actor, tokens, identity);
    } catch (error) {
      await discard(kit, oauth, tokens, identity);
      if (error instanceof StorageConflictError) throw fail("connection_exists");
      if (isProviderError(error)) {
        kit.logger.warn("identity or calendar lookup failed", {
          provider: provider.id,
          reason: describeError(error),
        });
        throw fail("provider_unavailable");
      }
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
