import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { renderConsentPage, renderErrorPage } from "./consent-page.ts";
import { asRecord, delay, html, json, readForm, readJsonObject, redirect, s256, safeEqual } from "./util.ts";

/** The URLs a provider configuration needs, for a fake (or real) provider. */
export interface FakeEndpoints {
  readonly authorization: string;
  readonly token: string;
  /** Null for Microsoft, which has no revocation endpoint for delegated tokens. */
  readonly revocation: string | null;
  readonly userinfo: string;
  /** Google: `…/calendar/v3`; Microsoft: `…/v1.0`. */
  readonly apiBase: string;
}

/** Google's `accessRole` of a calendar list entry; Graph's `canEdit` is true for owner and writer. */
export type FakeAccessRole = "owner" | "writer" | "reader" | "freeBusyReader";

export interface FakeCalendarSeed {
  /** Default: generated (Google's primary calendar id is the account email). */
  readonly id?: string;
  readonly name: string;
  readonly primary?: boolean;
  /** Default `owner`. */
  readonly accessRole?: FakeAccessRole;
  /** Default `UTC`. */
  readonly timeZone?: string;
  /** A hex color such as `#4285f4`. */
  readonly color?: string;
}

/** A request budget: at most `requests` API calls per `windowMs` per account. */
export interface FakeRateLimit {
  readonly requests: number;
  readonly windowMs: number;
}

export interface FakeAccountSeed {
  readonly email: string;
  /** Google `sub` / Graph user id. Default: generated. */
  readonly id?: string;
  /** Display name. Default: the part of the email before `@`. */
  readonly name?: string;
  /** Graph `mail`; null models an account without a mailbox address (userPrincipalName is the email). */
  readonly mail?: string | null;
  /** Default: a primary calendar and one secondary calendar ("Team events"). */
  readonly calendars?: readonly FakeCalendarSeed[];
  /** Scopes this account never grants, even when the consent allows everything (for scope_missing tests). */
  readonly withholdScopes?: readonly string[];
  /** This account's API budget; overrides the fake-wide one. */
  readonly rateLimit?: FakeRateLimit | null;
}

/** An OAuth client the fake knows. Without any, every client id is accepted (with any secret). */
export interface FakeClient {
  readonly clientId: string;
  /** Null for a public client (no secret, PKCE only). */
  readonly clientSecret: string | null;
  /** Allowed redirect URIs; empty or absent allows any. */
  readonly redirectURIs?: readonly string[];
}

export interface FakeProviderOptions {
  /** Where the fake is reachable, e.g. `http://127.0.0.1:4010` or `https://app.test/__fake/google`. */
  readonly baseURL?: string;
  readonly accounts?: readonly FakeAccountSeed[];
  readonly clients?: readonly FakeClient[];
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** A source of uniform numbers in [0, 1) for ids and tokens. Default: crypto. */
  readonly random?: () => number;
  /** Access token lifetime. Default 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** Authorization code lifetime. Default 600. */
  readonly codeTtlSeconds?: number;
  /** The API budget of every account without its own. Default: unlimited. */
  readonly rateLimit?: FakeRateLimit | null;
  /** Latency added to every protocol response, in real milliseconds. Default 0. */
  readonly latencyMs?: number;
}

/** Where an injected fault applies. */
export type FakeFaultTarget = "token" | "revoke" | "api" | "authorize" | "any";

/** What an injected fault does. */
export type FakeFault =
  | { readonly kind: "server_error"; readonly status?: number }
  | { readonly kind: "invalid_grant" }
  | { readonly kind: "timeout" }
  | { readonly kind: "truncated_json" }
  | { readonly kind: "rate_limited"; readonly retryAfterSeconds?: number }
  | { readonly kind: "unauthorized" }
  | { readonly kind: "insufficient_scope" };

interface PendingFault {
  readonly target: FakeFaultTarget;
  readonly fault: FakeFault;
  remaining: number;
}

export interface FakeEventState {
  readonly id: string;
  readonly calendarId: string;
  status: "confirmed" | "cancelled";
  etag: string;
  readonly created: string;
  updated: string;
  readonly transactionId: string | null;
  /** The provider-shaped resource fields the client sent (merged on patch). */
  resource: Record<string, unknown>;
}

export interface FakeCalendarState {
  readonly id: string;
  name: string;
  readonly primary: boolean;
  accessRole: FakeAccessRole;
  timeZone: string;
  color: string | null;
  deleted: boolean;
  readonly events: Map<string, FakeEventState>;
}

export interface FakeAccountState {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly mail: string | null;
  withholdScopes: string[];
  rateLimit: FakeRateLimit | null | undefined;
  readonly calendars: FakeCalendarState[];
  window: { start: number; count: number };
}

export interface FakeGrantState {
  readonly id: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly scopes: string[];
  readonly createdAt: number;
  revokedAt: number | null;
}

interface AccessTokenState {
  readonly grantId: string;
  readonly expiresAt: number;
}

interface RefreshTokenState {
  readonly grantId: string;
  /** Set when a rotation replaced it; reusing it then fails. */
  rotatedAt: number | null;
}

interface CodeState {
  readonly clientId: string;
  readonly redirectURI: string;
  readonly accountId: string;
  readonly scopes: string[];
  readonly challenge: string | null;
  readonly challengeMethod: string | null;
  readonly offline: boolean;
  readonly nonce: string | null;
  readonly expiresAt: number;
  used: boolean;
}

export interface FakeRevocation {
  readonly at: string;
  readonly grantId: string;
  readonly email: string;
  readonly via: "revoke_endpoint" | "control";
}

/** What a route of a concrete fake resolves to. */
export interface FakeRoute {
  /** The name counted in `calls`, e.g. `token`, `events.insert`. */
  readonly name: string;
  readonly target: Exclude<FakeFaultTarget, "any">;
  readonly run: () => Promise<Response>;
}

/** Kinds of API error a concrete fake shapes into its provider's error body. */
export type FakeApiErrorKind =
  | "unauthorized"
  | "insufficient_scope"
  | "forbidden"
  | "rate_limited"
  | "not_found"
  | "gone"
  | "conflict"
  | "invalid"
  | "precondition_failed"
  | "server_error";

/** The authenticated caller of an API route. */
export interface FakeCaller {
  readonly account: FakeAccountState;
  readonly grant: FakeGrantState;
}

/** The grant and account behind an access token, or the error response to send. */
export type FakeAuthResult =
  | { readonly ok: true; readonly caller: FakeCaller }
  | { readonly ok: false; readonly response: Response };

/** The whole state of a fake, as `GET <base>/__inspect` returns it. */
export interface FakeInspection {
  readonly provider: "google" | "microsoft";
  readonly baseURL: string;
  readonly now: string;
  readonly accounts: readonly {
    readonly id: string;
    readonly email: string;
    readonly name: string;
    readonly calendars: readonly {
      readonly id: string;
      readonly name: string;
      readonly primary: boolean;
      readonly accessRole: FakeAccessRole;
      readonly deleted: boolean;
      readonly events: readonly FakeEventState[];
    }[];
  }[];
  readonly grants: readonly (FakeGrantState & {
    readonly email: string;
    readonly accessTokens: readonly string[];
    /** The grant's current (not rotated away) refresh token, if any. */
    readonly refreshToken: string | null;
    readonly refreshTokens: readonly { readonly token: string; readonly rotated: boolean }[];
  })[];
  readonly revocations: readonly FakeRevocation[];
  readonly calls: Readonly<Record<string, number>>;
  readonly faults: readonly {
    readonly target: FakeFaultTarget;
    readonly fault: FakeFault;
    readonly remaining: number;
  }[];
  readonly latencyMs: number;
}

const HEX = "0123456789abcdef";

/**
 * The protocol machinery both fakes share: accounts, OAuth grants, codes and tokens, the consent page,
 * the token endpoint, bearer authentication, rate limits, fault injection, inspection and control.
 * Google and Microsoft subclasses add their routes and their error and resource shapes.
 */
export abstract class FakeProvider {
  abstract readonly provider: "google" | "microsoft";
  protected abstract readonly providerName: string;

  /** Where the fake is reachable; every URL it hands out starts with it. */
  baseURL: string;
  readonly now: () => number;
  protected readonly random: () => number;
  protected readonly accessTokenTtlSeconds: number;
  protected readonly codeTtlSeconds: number;
  protected readonly clients: readonly FakeClient[];
  protected readonly accounts: FakeAccountState[] = [];
  protected readonly grants = new Map<string, FakeGrantState>();
  protected readonly accessTokens = new Map<string, AccessTokenState>();
  protected readonly refreshTokens = new Map<string, RefreshTokenState>();
  protected readonly codes = new Map<string, CodeState>();
  protected readonly revocations: FakeRevocation[] = [];
  protected readonly calls = new Map<string, number>();
  protected faults: PendingFault[] = [];
  protected defaultRateLimit: FakeRateLimit | null;
  latencyMs: number;
  private readonly hangs = new Set<(reason: unknown) => void>();

  private readonly baseURLGiven: boolean;
  private server: Server | null = null;

  constructor(options: FakeProviderOptions, defaultBaseURL: string) {
    this.baseURL = (options.baseURL ?? defaultBaseURL).replace(/\/+$/, "");
    this.baseURLGiven = options.baseURL !== undefined;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? cryptoRandom;
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
    this.codeTtlSeconds = options.codeTtlSeconds ?? 600;
    this.clients = options.clients ?? [];
    this.defaultRateLimit = options.rateLimit ?? null;
    this.latencyMs = options.latencyMs ?? 0;
    for (const seed of options.accounts ?? []) this.addAccount(seed);
  }

  /** The endpoint URLs a provider configuration needs. */
  abstract get endpoints(): FakeEndpoints;

  protected abstract route(method: string, path: string, request: Request): FakeRoute | null;
  protected abstract apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response;
  protected abstract oauthError(status: number, error: string, description: string): Response;
  protected abstract newAccountId(email: string): string;
  protected abstract newCalendarId(account: { email: string }, seed: FakeCalendarSeed): string;
  /** Path of the authorization endpoint relative to the base (the consent form posts to it + `/consent`). */
  protected abstract readonly authorizePath: string;
  /** Whether a consent should come with a refresh token. */
  protected abstract offlineRequested(params: URLSearchParams, accountId: string, clientId: string): boolean;
  /** The scopes as the token response reports them. */
  protected abstract grantedScopeString(scopes: readonly string[]): string;
  /** Whether the refresh grant rotates refresh tokens (Microsoft does). */
  protected abstract readonly rotatesRefreshTokens: boolean;
  protected abstract accessTokenPrefix(): string;
  protected abstract refreshTokenPrefix(): string;
  protected abstract idToken(
    account: FakeAccountState,
    clientId: string,
    nonce: string | null,
  ): string | null;
  /** A grant type a concrete fake adds (Google's JWT bearer assertion), or null to fall through. */
  protected async extraGrant(_grantType: string | null, _form: URLSearchParams): Promise<Response | null> {
    return null;
  }

  /** A grant made without a consent (e.g. a service account impersonating a user): an access token only. */
  protected issueDirectGrant(
    clientId: string,
    account: FakeAccountState,
    scopes: string[],
  ): { readonly accessToken: string; readonly grant: FakeGrantState } {
    const grant: FakeGrantState = {
      id: `grant_${this.randomHex(8)}`,
      clientId,
      accountId: account.id,
      scopes,
      createdAt: this.now(),
      revokedAt: null,
    };
    this.grants.set(grant.id, grant);
    return { accessToken: this.issueAccessToken(grant), grant };
  }

  /** Extra fields of the token response (e.g. Microsoft's `ext_expires_in`). */
  protected tokenResponseExtras(): Record<string, unknown> {
    return {};
  }

  // ---------------------------------------------------------------- entry points

  /** The fake as a Web-standard handler. Rejects like `fetch` when the request's signal aborts. */
  readonly handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = this.relativePath(url.pathname);
    if (path === "/__inspect" && request.method === "GET") return json(this.inspect());
    if (path === "/__control" && request.method === "POST") return this.controlRequest(request);
    const route = this.route(request.method, path, request);
    if (route === null) return this.apiError("not_found", `No route for ${request.method} ${path}`);
    this.calls.set(route.name, (this.calls.get(route.name) ?? 0) + 1);
    if (this.latencyMs > 0) await delay(this.latencyMs, request.signal);
    const fault = this.takeFault(route.target);
    if (fault !== null) return this.applyFault(fault, route, request.signal);
    return route.run();
  };

  /** The fake as a `fetch` implementation, for injecting into a client under test. */
  readonly fetch: typeof fetch = (input, init) => {
    try {
      return this.handler(new Request(input, init));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /**
   * Serves the fake over HTTP (node:http) and resolves with its URL. Unless a `baseURL` was given, the
   * fake's base URL becomes the server's, so every URL it hands out points at it.
   */
  async listen(options: { readonly port?: number; readonly host?: string } = {}): Promise<string> {
    if (this.server !== null) throw new Error("The fake provider is already listening.");
    const { createServer } = await import("node:http");
    const host = options.host ?? "127.0.0.1";
    const server = createServer((incoming, outgoing) => {
      void this.serveNode(incoming, outgoing, host);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    this.server = server;
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    if (!this.baseURLGiven) this.baseURL = url;
    return url;
  }

  /** Stops the HTTP server (if listening) and releases held requests. */
  async close(): Promise<void> {
    this.releaseHangs();
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serveNode(incoming: IncomingMessage, outgoing: ServerResponse, host: string): Promise<void> {
    const controller = new AbortController();
    outgoing.on("close", () => {
      if (!outgoing.writableFinished)
        controller.abort(new DOMException("The client went away.", "AbortError"));
    });
    try {
      const chunks: Uint8Array[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      }
      const method = incoming.method ?? "GET";
      const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
      const request = new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? host}`), {
        method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : null,
        signal: controller.signal,
      });
      const response = await this.handler(request);
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      outgoing.writeHead(response.status, responseHeaders);
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      // Aborted by the client, or released by close(): drop the connection, as a hung server would.
      outgoing.destroy();
    }
  }

  /** Releases every request the fake is holding (timeouts), rejecting them. */
  releaseHangs(): void {
    for (const release of this.hangs) release(new Error("The fake provider was closed."));
    this.hangs.clear();
  }

  // ---------------------------------------------------------------- control API

  /** Adds an account (with a primary and a secondary calendar unless told otherwise). */
  addAccount(seed: FakeAccountSeed): FakeAccountState {
    const email = seed.email.toLowerCase();
    if (this.accounts.some((account) => account.email === email)) {
      throw new Error(`The fake already has an account ${email}.`);
    }
    const calendarSeeds = seed.calendars ?? [
      { name: email, primary: true },
      { name: "Team events", color: "#0b8043" },
    ];
    const account: FakeAccountState = {
      id: seed.id ?? this.newAccountId(email),
      email,
      name: seed.name ?? email.split("@")[0] ?? email,
      mail: seed.mail === undefined ? email : seed.mail,
      withholdScopes: [...(seed.withholdScopes ?? [])],
      rateLimit: seed.rateLimit,
      calendars: [],
      window: { start: 0, count: 0 },
    };
    this.accounts.push(account);
    for (const calendar of calendarSeeds) this.addCalendar(email, calendar);
    return account;
  }

  /** Adds a calendar to an account. */
  addCalendar(email: string, seed: FakeCalendarSeed): FakeCalendarState {
    const account = this.requireAccount(email);
    const calendar: FakeCalendarState = {
      id: seed.id ?? this.newCalendarId(account, seed),
      name: seed.name,
      primary: seed.primary ?? false,
      accessRole: seed.accessRole ?? "owner",
      timeZone: seed.timeZone ?? "UTC",
      color: seed.color ?? null,
      deleted: false,
      events: new Map(),
    };
    account.calendars.push(calendar);
    return calendar;
  }

  /** Deletes a calendar (and with it every event in it); later calls on it answer 404. */
  deleteCalendar(email: string, calendarId: string): void {
    const calendar = this.requireAccount(email).calendars.find((candidate) => candidate.id === calendarId);
    if (calendar === undefined) throw new Error(`No calendar ${calendarId} for ${email}.`);
    calendar.deleted = true;
    calendar.events.clear();
  }

  /** Revokes every grant of an account, as a user removing the app's access would. Returns how many. */
  revokeGrants(email: string): number {
    const account = this.requireAccount(email);
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.accountId === account.id && grant.revokedAt === null) {
        this.revokeGrant(grant, "control");
        count++;
      }
    }
    return count;
  }

  /** Makes every access token issued so far expire now (refresh tokens stay valid). */
  expireAccessTokens(): void {
    const now = this.now();
    for (const [token, state] of this.accessTokens) {
      this.accessTokens.set(token, { ...state, expiresAt: Math.min(state.expiresAt, now) });
    }
  }

  /** Queues a fault for the next `times` (default 1) calls to `target`. */
  injectFault(target: FakeFaultTarget, fault: FakeFault, times = 1): void {
    this.faults.push({ target, fault, remaining: times });
  }

  /** The next token endpoint call fails as asked. */
  failNextTokenCall(
    kind: "server_error" | "invalid_grant" | "timeout" | "truncated_json" | "rate_limited",
  ): void {
    this.injectFault("token", { kind });
  }

  /** Drops every queued fault. */
  clearFaults(): void {
    this.faults = [];
  }

  /** Sets the API budget of one account (by email) or, without one, of every account without its own. */
  setRateLimit(limit: FakeRateLimit | null, email?: string): void {
    if (email === undefined) {
      this.defaultRateLimit = limit;
      return;
    }
    const account = this.requireAccount(email);
    account.rateLimit = limit;
    account.window = { start: 0, count: 0 };
  }

  /** Adds real latency to every protocol response. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Scopes an account will refuse from now on (for scope_missing tests). */
  setWithheldScopes(email: string, scopes: readonly string[]): void {
    this.requireAccount(email).withholdScopes = [...scopes];
  }

  /** How many times an endpoint was called (`token`, `revoke`, `events.insert`, …), or all counts. */
  callCount(name: string): number {
    return this.calls.get(name) ?? 0;
  }

  /** The events of a calendar (including Google's cancelled ones). */
  events(email: string, calendarId: string): FakeEventState[] {
    const calendar = this.requireAccount(email).calendars.find((candidate) => candidate.id === calendarId);
    return calendar === undefined ? [] : [...calendar.events.values()];
  }

  /** The account with this email, if any. */
  account(email: string): FakeAccountState | undefined {
    const normalized = email.toLowerCase();
    return this.accounts.find((account) => account.email === normalized);
  }

  /**
   * Runs the consent step without the page: takes an authorization URL the client built, consents as
   * `email` (or denies), and returns the URL the browser would be redirected to.
   */
  async consent(
    authorizationURL: string | URL,
    options: {
      readonly email: string;
      readonly decision?: "allow" | "deny";
      readonly withhold?: readonly string[];
    },
  ): Promise<URL> {
    const url = new URL(authorizationURL);
    url.searchParams.set("login_hint", options.email);
    url.searchParams.set("fake_consent", options.decision ?? "allow");
    if (options.withhold !== undefined)
      url.searchParams.set("fake_withhold_scope", options.withhold.join(" "));
    const response = await this.handler(new Request(url));
    const location = response.headers.get("location");
    if (location === null) throw new Error(`The fake did not redirect (status ${response.status}).`);
    return new URL(location);
  }

  /** The whole state, as `GET <base>/__inspect` returns it. */
  inspect(): FakeInspection {
    return {
      provider: this.provider,
      baseURL: this.baseURL,
      now: new Date(this.now()).toISOString(),
      accounts: this.accounts.map((account) => ({
        id: account.id,
        email: account.email,
        name: account.name,
        calendars: account.calendars.map((calendar) => ({
          id: calendar.id,
          name: calendar.name,
          primary: calendar.primary,
          accessRole: calendar.accessRole,
          deleted: calendar.deleted,
          events: [...calendar.events.values()],
        })),
      })),
      grants: [...this.grants.values()].map((grant) => ({
        ...grant,
        refreshToken:
          [...this.refreshTokens].find(
            ([, state]) => state.grantId === grant.id && state.rotatedAt === null,
          )?.[0] ?? null,
        email: this.accounts.find((account) => account.id === grant.accountId)?.email ?? "",
        accessTokens: [...this.accessTokens]
          .filter(([, state]) => state.grantId === grant.id)
          .map(([token]) => token),
        refreshTokens: [...this.refreshTokens]
          .filter(([, state]) => state.grantId === grant.id)
          .map(([token, state]) => ({ token, rotated: state.rotatedAt !== null })),
      })),
      revocations: [...this.revocations],
      calls: Object.fromEntries(this.calls),
      faults: this.faults.map((fault) => ({ ...fault })),
      latencyMs: this.latencyMs,
    };
  }

  /** `POST <base>/__control` with `{ action, … }`: the control API over HTTP, for other processes. */
  private async controlRequest(request: Request): Promise<Response> {
    const body = await readJsonObject(request);
    const action = body?.action;
    const str = (key: string): string => {
      const value = body?.[key];
      if (typeof value !== "string") throw new Error(`${key} must be a string`);
      return value;
    };
    try {
      switch (action) {
        case "addAccount":
          this.addAccount(asRecord(body?.account) as unknown as FakeAccountSeed);
          break;
        case "revokeGrants":
          return json({ revoked: this.revokeGrants(str("email")) });
        case "deleteCalendar":
          this.deleteCalendar(str("email"), str("calendarId"));
          break;
        case "expireAccessTokens":
          this.expireAccessTokens();
          break;
        case "injectFault":
          this.injectFault(
            str("target") as FakeFaultTarget,
            asRecord(body?.fault) as unknown as FakeFault,
            typeof body?.times === "number" ? body.times : 1,
          );
          break;
        case "clearFaults":
          this.clearFaults();
          break;
        case "setLatency":
          this.setLatency(typeof body?.ms === "number" ? body.ms : 0);
          break;
        case "setRateLimit":
          this.setRateLimit(
            (asRecord(body?.limit) as FakeRateLimit | null) ?? null,
            typeof body?.email === "string" ? body.email : undefined,
          );
          break;
        case "setWithheldScopes":
          this.setWithheldScopes(str("email"), Array.isArray(body?.scopes) ? body.scopes.map(String) : []);
          break;
        default:
          return json({ error: "unknown_action" }, 400);
      }
    } catch (error) {
      return json({ error: "invalid_control", message: error instanceof Error ? error.message : "" }, 400);
    }
    return json({ ok: true });
  }

  // ---------------------------------------------------------------- OAuth: authorize and consent

  protected authorizeRoute(method: string, path: string, request: Request): FakeRoute | null {
    if (path === this.authorizePath && method === "GET") {
      return {
        name: "authorize",
        target: "authorize",
        run: () => this.authorize(new URL(request.url).searchParams),
      };
    }
    if (path === `${this.authorizePath}/consent` && method === "POST") {
      return {
        name: "consent",
        target: "authorize",
        run: async () => this.consentSubmit(await readForm(request)),
      };
    }
    return null;
  }

  private clientFor(clientId: string | null): FakeClient | null {
    if (clientId === null || clientId === "") return null;
    if (this.clients.length === 0) return { clientId, clientSecret: null };
    return this.clients.find((client) => client.clientId === clientId) ?? null;
  }

  /** Checks client and redirect URI; these errors are shown, never redirected. */
  private checkClientRedirect(params: URLSearchParams): Response | null {
    const client = this.clientFor(params.get("client_id"));
    if (client === null) {
      return html(
        renderErrorPage(this.providerName, "invalid_client", "The OAuth client was not found."),
        401,
      );
    }
    const redirectURI = params.get("redirect_uri");
    const allowed = client.redirectURIs ?? [];
    if (
      redirectURI === null ||
      !URL.canParse(redirectURI) ||
      (allowed.length > 0 && !allowed.includes(redirectURI))
    ) {
      return html(
        renderErrorPage(this.providerName, "redirect_uri_mismatch", "The redirect URI is not registered."),
        400,
      );
    }
    return null;
  }

  private async authorize(params: URLSearchParams): Promise<Response> {
    const invalid = this.checkClientRedirect(params);
    if (invalid !== null) return invalid;
    const decision = params.get("fake_consent");
    const hint = params.get("login_hint");
    if (decision === "allow" || decision === "deny") {
      const withhold = (params.get("fake_withhold_scope") ?? "").split(" ").filter((scope) => scope !== "");
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
        providerName: this.providerName,
        clientId: params.get("client_id") ?? "",
        action: `${this.baseURL}${this.authorizePath}/consent`,
        accounts: this.accounts.map((account) => ({ email: account.email, name: account.name })),
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
    const account = email === null ? undefined : this.account(email);
    if (account === undefined) {
      return html(
        renderErrorPage(this.providerName, "account_not_found", "No such account in this fake."),
        400,
      );
    }
    const clientId = params.get("client_id") ?? "";
    const scopes = consentedScopes.filter((scope) => !account.withholdScopes.includes(scope));
    const code = `${this.provider === "google" ? "4/0" : "M.C"}fake_${this.randomHex(24)}`;
    this.codes.set(code, {
      clientId,
      redirectURI,
      accountId: account.id,
      scopes,
      challenge,
      challengeMethod: challenge === null ? null : (method ?? "plain"),
      offline: this.offlineRequested(params, account.id, clientId),
      nonce: params.get("nonce"),
      expiresAt: this.now() + this.codeTtlSeconds * 1000,
      used: false,
    });
    const extra: Record<string, string> = { code };
    if (this.provider === "google") extra.scope = this.grantedScopeString(scopes);
    return finish(extra);
  }

  // ---------------------------------------------------------------- OAuth: token endpoint

  protected async token(request: Request): Promise<Response> {
    const form = await readForm(request);
    const grantType = form.get("grant_type");
    this.calls.set(`token.${grantType ?? "none"}`, (this.calls.get(`token.${grantType ?? "none"}`) ?? 0) + 1);
    const extra = await this.extraGrant(grantType, form);
    if (extra !== null) return extra;
    const client = this.authenticateClient(request, form);
    if (client === null) return this.oauthError(401, "invalid_client", "The OAuth client was not found.");
    if (grantType === "authorization_code") return this.exchangeCode(client, form);
    if (grantType === "refresh_token") return this.refresh(client, form);
    return this.oauthError(400, "unsupported_grant_type", "Only authorization_code and refresh_token.");
  }

  private authenticateClient(request: Request, form: URLSearchParams): FakeClient | null {
    let clientId = form.get("client_id");
    let secret = form.get("client_secret");
    const authorization = request.headers.get("authorization");
    if (authorization?.startsWith("Basic ")) {
      try {
        const decoded = atob(authorization.slice(6));
        const colon = decoded.indexOf(":");
        if (colon < 0) return null;
        clientId = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        return null;
      }
    }
    const client = this.clientFor(clientId);
    if (client === null) return null;
    if (this.clients.length === 0) return client;
    if (client.clientSecret !== null && (secret === null || !safeEqual(secret, client.clientSecret)))
      return null;
    return client;
  }

  private async exchangeCode(client: FakeClient, form: URLSearchParams): Promise<Response> {
    const code = this.codes.get(form.get("code") ?? "");
    if (code === undefined || code.used || code.expiresAt <= this.now()) {
      return this.oauthError(
        400,
        "invalid_grant",
        "The authorization code is invalid, expired or already used.",
      );
    }
    code.used = true;
    if (code.clientId !== client.clientId) {
      return this.oauthError(400, "invalid_grant", "The code was issued to another client.");
    }
    if (form.get("redirect_uri") !== code.redirectURI) {
      return this.oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request.");
    }
    if (code.challenge !== null) {
      const verifier = form.get("code_verifier");
      if (verifier === null || verifier.length < 43 || verifier.length > 128) {
        return this.oauthError(400, "invalid_grant", "Missing or malformed code_verifier.");
      }
      const expected = code.challengeMethod === "S256" ? await s256(verifier) : verifier;
      if (!safeEqual(expected, code.challenge)) {
        return this.oauthError(400, "invalid_grant", "The code_verifier does not match the code_challenge.");
      }
    } else if (form.has("code_verifier")) {
      return this.oauthError(400, "invalid_grant", "code_verifier given without a code_challenge.");
    }
    const account = this.accounts.find((candidate) => candidate.id === code.accountId);
    if (account === undefined) return this.oauthError(400, "invalid_grant", "The account is gone.");
    const grant: FakeGrantState = {
      id: `grant_${this.randomHex(8)}`,
      clientId: client.clientId,
      accountId: account.id,
      scopes: code.scopes,
      createdAt: this.now(),
      revokedAt: null,
    };
    this.grants.set(grant.id, grant);
    const body: Record<string, unknown> = {
      access_token: this.issueAccessToken(grant),
      expires_in: this.accessTokenTtlSeconds,
      scope: this.grantedScopeString(grant.scopes),
      token_type: "Bearer",
      ...this.tokenResponseExtras(),
    };
    if (code.offline) body.refresh_token = this.issueRefreshToken(grant);
    if (grant.scopes.includes("openid")) {
      const idToken = this.idToken(account, client.clientId, code.nonce);
      if (idToken !== null) body.id_token = idToken;
    }
    return json(body);
  }

  private refresh(client: FakeClient, form: URLSearchParams): Response {
    const token = form.get("refresh_token") ?? "";
    const state = this.refreshTokens.get(token);
    const grant = state === undefined ? undefined : this.grants.get(state.grantId);
    if (state === undefined || grant === undefined || grant.revokedAt !== null || state.rotatedAt !== null) {
      return this.oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
    }
    if (grant.clientId !== client.clientId) {
      return this.oauthError(400, "invalid_grant", "The refresh token was issued to another client.");
    }
    const body: Record<string, unknown> = {
      access_token: this.issueAccessToken(grant),
      expires_in: this.accessTokenTtlSeconds,
      scope: this.grantedScopeString(grant.scopes),
      token_type: "Bearer",
      ...this.tokenResponseExtras(),
    };
    if (this.rotatesRefreshTokens) {
      state.rotatedAt = this.now();
      body.refresh_token = this.issueRefreshToken(grant);
    }
    return json(body);
  }

  private issueAccessToken(grant: FakeGrantState): string {
    const token = `${this.accessTokenPrefix()}${this.randomHex(32)}`;
    this.accessTokens.set(token, {
      grantId: grant.id,
      expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
    });
    return token;
  }

  private issueRefreshToken(grant: FakeGrantState): string {
    const token = `${this.refreshTokenPrefix()}${this.randomHex(32)}`;
    this.refreshTokens.set(token, { grantId: grant.id, rotatedAt: null });
    return token;
  }

  /** Revokes the grant behind an access or refresh token. False when the token is unknown or already revoked. */
  protected revokeToken(token: string): boolean {
    const grantId = this.accessTokens.get(token)?.grantId ?? this.refreshTokens.get(token)?.grantId;
    const grant = grantId === undefined ? undefined : this.grants.get(grantId);
    if (grant === undefined || grant.revokedAt !== null) return false;
    this.revokeGrant(grant, "revoke_endpoint");
    return true;
  }

  private revokeGrant(grant: FakeGrantState, via: FakeRevocation["via"]): void {
    grant.revokedAt = this.now();
    const email = this.accounts.find((account) => account.id === grant.accountId)?.email ?? "";
    this.revocations.push({ at: new Date(this.now()).toISOString(), grantId: grant.id, email, via });
  }

  // ---------------------------------------------------------------- API authentication and limits

  /** Authenticates a bearer token, checks scopes (any of `anyScope`) and the account's rate limit. */
  protected authenticate(request: Request, anyScope: readonly string[]): FakeAuthResult {
    const header = request.headers.get("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    const state = this.accessTokens.get(token);
    const grant = state === undefined ? undefined : this.grants.get(state.grantId);
    const account = grant === undefined ? undefined : this.accounts.find((a) => a.id === grant.accountId);
    if (state === undefined || grant === undefined || account === undefined) {
      return { ok: false, response: this.apiError("unauthorized", "Invalid Credentials") };
    }
    if (grant.revokedAt !== null) {
      return { ok: false, response: this.apiError("unauthorized", "The access token was revoked.") };
    }
    if (state.expiresAt <= this.now()) {
      return { ok: false, response: this.apiError("unauthorized", "The access token has expired.") };
    }
    if (anyScope.length > 0 && !anyScope.some((scope) => grant.scopes.includes(scope))) {
      return {
        ok: false,
        response: this.apiError("insufficient_scope", "Request had insufficient authentication scopes."),
      };
    }
    const limit = account.rateLimit === undefined ? this.defaultRateLimit : account.rateLimit;
    if (limit !== null) {
      const now = this.now();
      if (now - account.window.start >= limit.windowMs) account.window = { start: now, count: 0 };
      if (account.window.count >= limit.requests) {
        const waitMs = account.window.start + limit.windowMs - now;
        return {
          ok: false,
          response: this.apiError(
            "rate_limited",
            "Rate Limit Exceeded",
            Math.max(1, Math.ceil(waitMs / 1000)),
          ),
        };
      }
      account.window.count++;
    }
    return { ok: true, caller: { account, grant } };
  }

  // ---------------------------------------------------------------- faults

  private takeFault(target: Exclude<FakeFaultTarget, "any">): FakeFault | null {
    const index = this.faults.findIndex((fault) => fault.target === target || fault.target === "any");
    const pending = this.faults[index];
    if (pending === undefined) return null;
    pending.remaining--;
    if (pending.remaining <= 0) this.faults.splice(index, 1);
    return pending.fault;
  }

  private applyFault(fault: FakeFault, route: FakeRoute, signal: AbortSignal): Promise<Response> {
    const oauth = route.target === "token" || route.target === "revoke";
    switch (fault.kind) {
      case "timeout":
        return this.hang(signal);
      case "truncated_json":
        return Promise.resolve(
          new Response('{"access_token":"ya29.trunc', {
            status: 200,
            headers: { "content-type": "application/json" },
          }),
        );
      case "server_error":
        return Promise.resolve(
          oauth
            ? this.oauthError(fault.status ?? 500, "server_error", "The fake failed on purpose.")
            : this.apiError("server_error", "Backend Error"),
        );
      case "rate_limited":
        return Promise.resolve(
          this.apiError("rate_limited", "Rate Limit Exceeded", fault.retryAfterSeconds ?? 1),
        );
      case "invalid_grant":
        return Promise.resolve(
          oauth
            ? this.oauthError(400, "invalid_grant", "Token has been expired or revoked.")
            : this.apiError("unauthorized", "Invalid Credentials"),
        );
      case "unauthorized":
        return Promise.resolve(this.apiError("unauthorized", "Invalid Credentials"));
      case "insufficient_scope":
        return Promise.resolve(
          this.apiError("insufficient_scope", "Request had insufficient authentication scopes."),
        );
    }
  }

  /** Never answers; rejects like `fetch` when the caller aborts, or when the fake is closed. */
  private hang(signal: AbortSignal): Promise<Response> {
    return new Promise<Response>((_resolve, reject) => {
      const release = (reason: unknown): void => {
        this.hangs.delete(release);
        reject(reason);
      };
      this.hangs.add(release);
      if (signal.aborted) release(signal.reason);
      signal.addEventListener("abort", () => release(signal.reason), { once: true });
    });
  }

  // ---------------------------------------------------------------- helpers

  protected relativePath(pathname: string): string {
    const basePath = new URL(this.baseURL).pathname.replace(/\/+$/, "");
    if (basePath !== "" && (pathname === basePath || pathname.startsWith(`${basePath}/`))) {
      return pathname.slice(basePath.length) || "/";
    }
    return pathname;
  }

  protected requireAccount(email: string): FakeAccountState {
    const account = this.account(email);
    if (account === undefined) throw new Error(`The fake has no account ${email}.`);
    return account;
  }

  protected findCalendar(account: FakeAccountState, calendarId: string): FakeCalendarState | undefined {
    return account.calendars.find((calendar) => !calendar.deleted && calendar.id === calendarId);
  }

  protected randomHex(bytes: number): string {
    let out = "";
    for (let i = 0; i < bytes * 2; i++) out += HEX[Math.floor(this.random() * 16)] ?? "0";
    return out;
  }

  protected isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

function cryptoRandom(): number {
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return (buffer[0] ?? 0) / 4294967296;
}

function splitScopes(value: string | null): string[] {
  return (value ?? "").split(" ").filter((scope) => scope !== "");
}
