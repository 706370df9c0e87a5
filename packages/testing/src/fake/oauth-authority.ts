import { renderConsentPage, renderErrorPage } from "../consent-page.ts";
import { html, json, readForm, redirect, s256, safeEqual } from "../util.ts";
import type { AccountDirectory } from "./accounts.ts";
import type { ClientRegistry } from "./clients.ts";
import type { FakeDialect } from "./dialect.ts";
import type { FakeClient, FakeGrantState } from "./model.ts";
import type { TokenStore } from "./token-store.ts";
import type { FakeRoute } from "./types.ts";

/** What the OAuth authority needs from its fake. */
export interface OAuthAuthorityOptions {
  readonly dialect: FakeDialect;
  /** Read on every consent page, since `listen()` may move the fake. */
  readonly baseURL: () => string;
  readonly clients: ClientRegistry;
  readonly accounts: AccountDirectory;
  readonly tokens: TokenStore;
  /** Counts a call by name (the token endpoint counts `token.<grant_type>`). */
  readonly count: (name: string) => void;
}

/** The authorization server: authorize with its consent page, and the token endpoint (code and refresh). */
export class OAuthAuthority {
  constructor(private readonly options: OAuthAuthorityOptions) {}

  /** The authorize and consent routes, or null when the request is for neither. */
  authorizeRoute(method: string, path: string, request: Request): FakeRoute | null {
    const authorizePath = this.options.dialect.authorizePath();
    if (path === authorizePath && method === "GET") {
      return {
        name: "authorize",
        target: "authorize",
        run: () => this.authorize(new URL(request.url).searchParams),
      };
    }
    if (path === `${authorizePath}/consent` && method === "POST") {
      return {
        name: "consent",
        target: "authorize",
        run: async () => this.consentSubmit(await readForm(request)),
      };
    }
    return null;
  }

  /** The token endpoint: the dialect's own grants first, then authorization_code and refresh_token. */
  async token(request: Request): Promise<Response> {
    const { dialect, clients } = this.options;
    const form = await readForm(request);
    const grantType = form.get("grant_type");
    this.options.count(`token.${grantType ?? "none"}`);
    const extra = await dialect.extraGrant(grantType, form);
    if (extra !== null) return extra;
    const client = clients.authenticate(request, form);
    if (client === null) return dialect.oauthError(401, "invalid_client", "The OAuth client was not found.");
    if (grantType === "authorization_code") return this.exchangeCode(client, form);
    if (grantType === "refresh_token") return this.refresh(client, form);
    return dialect.oauthError(400, "unsupported_grant_type", "Only authorization_code and refresh_token.");
  }

  /** Checks client and redirect URI; these errors are shown, never redirected. */
  private checkClientRedirect(params: URLSearchParams): Response | null {
    const client = this.options.clients.find(params.get("client_id"));
    if (client === null) return this.errorPage("invalid_client", "The OAuth client was not found.", 401);
    const redirectURI = params.get("redirect_uri");
    const allowed = client.redirectURIs ?? [];
    if (
      redirectURI === null ||
      !URL.canParse(redirectURI) ||
      (allowed.length > 0 && !allowed.includes(redirectURI))
    ) {
      return this.errorPage("redirect_uri_mismatch", "The redirect URI is not registered.", 400);
    }
    return null;
  }

  private errorPage(error: string, description: string, status: number): Response {
    return html(renderErrorPage(this.options.dialect.providerName(), error, description), status);
  }

  private async authorize(params: URLSearchParams): Promise<Response> {
    const invalid = this.checkClientRedirect(params);
    if (invalid !== null) return invalid;
    const decision = params.get("fake_consent");
    const hint = params.get("login_hint");
    if (decision === "allow" || decision === "deny") {
      // Scripted consent (`fake.consent()`, e2e): skips the page, optionally withholding scopes.
      const withhold = splitScopes(params.get("fake_withhold_scope"));
      const requested = splitScopes(params.get("scope"));
      return this.decide(
        params,
        decision,
        hint,
        requested.filter((scope) => !withhold.includes(scope)),
      );
    }
    const hidden = [...params].filter(([name]) => name !== "login_hint" && !name.startsWith("fake_"));
    return html(
      renderConsentPage({
        providerName: this.options.dialect.providerName(),
        clientId: params.get("client_id") ?? "",
        action: `${this.options.baseURL()}${this.options.dialect.authorizePath()}/consent`,
        accounts: this.options.accounts.all.map((account) => ({ email: account.email, name: account.name })),
        loginHint: hint,
        scopes: splitScopes(params.get("scope")),
        hidden,
      }),
    );
  }

  private async consentSubmit(form: URLSearchParams): Promise<Response> {
    const invalid = this.checkClientRedirect(form);
    if (invalid !== null) return invalid;
    const decision = form.get("decision") === "allow" ? "allow" : "deny";
    const checked = form.getAll("granted_scope");
    const granted = splitScopes(form.get("scope")).filter((scope) => checked.includes(scope));
    return this.decide(form, decision, form.get("account"), granted);
  }

  private async decide(
    params: URLSearchParams,
    decision: "allow" | "deny",
    email: string | null,
    consentedScopes: readonly string[],
  ): Promise<Response> {
    const { dialect, accounts, tokens } = this.options;
    const redirectURI = params.get("redirect_uri") ?? "";
    const state = params.get("state");
    const back = new URL(redirectURI);
    const finish = (values: Record<string, string>): Response => {
      for (const [key, value] of Object.entries(values)) back.searchParams.set(key, value);
      if (state !== null) back.searchParams.set("state", state);
      return redirect(back.toString());
    };
    if (decision === "deny") {
      return finish({ error: "access_denied", error_description: "The user denied access." });
    }
    if (params.get("response_type") !== "code") {
      return finish({ error: "unsupported_response_type", error_description: "Only response_type=code." });
    }
    const method = params.get("code_challenge_method");
    const challenge = params.get("code_challenge");
    if (challenge !== null && method !== null && method !== "S256" && method !== "plain") {
      return finish({ error: "invalid_request", error_description: "Unsupported code_challenge_method." });
    }
    const account = email === null ? undefined : accounts.find(email);
    if (account === undefined) {
      return this.errorPage("account_not_found", "No such account in this fake.", 400);
    }
    const clientId = params.get("client_id") ?? "";
    const consented = consentedScopes.filter((scope) => !account.withholdScopes.includes(scope));
    // Incremental authorization: the new tokens also carry what the live grant already holds.
    const previous =
      params.get("include_granted_scopes") === "true"
        ? (tokens.liveGrant(clientId, account.id)?.scopes ?? [])
        : [];
    const scopes = [...new Set([...previous, ...consented])];
    const code = tokens.issueCode(dialect.codePrefix(), {
      clientId,
      redirectURI,
      accountId: account.id,
      scopes,
      challenge,
      challengeMethod: challenge === null ? null : (method ?? "plain"),
      offline: dialect.offlineRequested(params, account.id, clientId),
      nonce: params.get("nonce"),
    });
    const extra: Record<string, string> = { code };
    if (dialect.scopeOnRedirect()) extra.scope = dialect.grantedScopeString(scopes);
    return finish(extra);
  }

  private async exchangeCode(client: FakeClient, form: URLSearchParams): Promise<Response> {
    const { dialect, accounts, tokens } = this.options;
    const invalid = (description: string): Response => dialect.oauthError(400, "invalid_grant", description);
    const code = tokens.redeemCode(form.get("code") ?? "");
    if (code === null) return invalid("The authorization code is invalid, expired or already used.");
    if (code.clientId !== client.clientId) return invalid("The code was issued to another client.");
    if (form.get("redirect_uri") !== code.redirectURI) {
      return invalid("redirect_uri does not match the authorization request.");
    }
    if (code.challenge !== null) {
      const verifier = form.get("code_verifier");
      if (verifier === null || verifier.length < 43 || verifier.length > 128) {
        return invalid("Missing or malformed code_verifier.");
      }
      const expected = code.challengeMethod === "S256" ? await s256(verifier) : verifier;
      if (!safeEqual(expected, code.challenge)) {
        return invalid("The code_verifier does not match the code_challenge.");
      }
    } else if (form.has("code_verifier")) {
      return invalid("code_verifier given without a code_challenge.");
    }
    const account = accounts.byId(code.accountId);
    if (account === undefined) return invalid("The account is gone.");
    // One grant per (account, client): a second consent joins the live one instead of starting another,
    // so revoking any token of either ends both.
    const grant = tokens.consentGrant(client.clientId, account.id, code.scopes);
    const body = this.tokenResponse(grant, code.scopes);
    if (code.offline) body.refresh_token = tokens.issueRefreshToken(grant, code.scopes);
    if (code.scopes.includes("openid")) {
      const idToken = dialect.idToken(account, client.clientId, code.nonce);
      if (idToken !== null) body.id_token = idToken;
    }
    return json(body);
  }

  private refresh(client: FakeClient, form: URLSearchParams): Response {
    const { dialect, tokens } = this.options;
    const token = form.get("refresh_token") ?? "";
    const issued = tokens.refreshTokenGrant(token);
    if (issued === null) {
      return dialect.oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
    }
    const { grant, scopes } = issued;
    if (grant.clientId !== client.clientId) {
      return dialect.oauthError(400, "invalid_grant", "The refresh token was issued to another client.");
    }
    const body = this.tokenResponse(grant, scopes);
    if (dialect.rotatesRefreshTokens()) {
      tokens.retireRefreshToken(token);
      body.refresh_token = tokens.issueRefreshToken(grant, scopes);
    }
    return json(body);
  }

  /** The token response both grant types share, with a fresh access token for `scopes`. */
  private tokenResponse(grant: FakeGrantState, scopes: readonly string[]): Record<string, unknown> {
    return {
      access_token: this.options.tokens.issueAccessToken(grant, scopes),
      expires_in: this.options.tokens.accessTokenTtlSeconds,
      scope: this.options.dialect.grantedScopeString(scopes),
      token_type: "Bearer",
      ...this.options.dialect.tokenResponseExtras(),
    };
  }
}

/** A consent given by a script instead of the page (see `FakeProvider.consent`). */
export interface ScriptedConsent {
  readonly email: string;
  readonly decision?: "allow" | "deny";
  readonly withhold?: readonly string[];
}

/** Consents through the authorize endpoint's `fake_consent` shortcut; resolves with the redirect URL. */
export async function scriptedConsent(
  handler: (request: Request) => Promise<Response>,
  authorizationURL: string | URL,
  consent: ScriptedConsent,
): Promise<URL> {
  const url = new URL(authorizationURL);
  url.searchParams.set("login_hint", consent.email);
  url.searchParams.set("fake_consent", consent.decision ?? "allow");
  if (consent.withhold !== undefined) url.searchParams.set("fake_withhold_scope", consent.withhold.join(" "));
  const response = await handler(new Request(url));
  const location = response.headers.get("location");
  if (location === null) throw new Error(`The fake did not redirect (status ${response.status}).`);
  return new URL(location);
}

function splitScopes(value: string | null): string[] {
  return (value ?? "").split(" ").filter((scope) => scope !== "");
}
