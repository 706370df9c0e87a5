import { AccountDirectory, liveCalendar } from "./fake/accounts.ts";
import { ApiAccess } from "./fake/api-access.ts";
import {
  type FakeBatchAnswer,
  type FakeBatchCall,
  FakeBatchError,
  type FakeBatchFormat,
} from "./fake/batch.ts";
import { ClientRegistry } from "./fake/clients.ts";
import {
  controlRequest,
  type FakeControls,
  type FakeInspection,
  type FakeSeriesInstance,
  inspectAccounts,
} from "./fake/control-api.ts";
import { type FakeDialect, FakeProviderHooks } from "./fake/dialect.ts";
import { FaultQueue, faultResponse, HeldRequests } from "./fake/faults.ts";
import type {
  FakeAccountSeed,
  FakeAccountState,
  FakeCalendarSeed,
  FakeCalendarState,
  FakeEventState,
  FakeGrantState,
  FakeRateLimit,
} from "./fake/model.ts";
import type { ListenOptions, NodeServerHandle } from "./fake/node-server.ts";
import { OAuthAuthority, type ScriptedConsent, scriptedConsent } from "./fake/oauth-authority.ts";
import { TokenStore } from "./fake/token-store.ts";
import type {
  FakeAuthResult,
  FakeCaller,
  FakeFault,
  FakeFaultTarget,
  FakeProviderOptions,
  FakeRoute,
} from "./fake/types.ts";
import { cryptoRandom, delay, json, pathBelow, randomHex } from "./util.ts";

/**
 * What both fakes share: accounts, the OAuth authority (consent page, codes, tokens), bearer
 * authentication with rate limits, fault injection, inspection and control, and a node:http server.
 * Each job lives in its own module under `fake/`; this class wires them to one clock and random source.
 * Google and Microsoft subclasses add their routes and their error and resource shapes (the hooks
 * `FakeProviderHooks` declares).
 */
export abstract class FakeProvider extends FakeProviderHooks implements FakeControls {
  /** Where the fake is reachable; every URL it hands out starts with it. */
  baseURL: string;
  /** The fake's clock, in milliseconds since the epoch. */
  readonly now: () => number;
  /** Latency added to every protocol response, in real milliseconds. */
  latencyMs: number;
  /** Uniform numbers in [0, 1) for ids and tokens. */
  protected readonly random: () => number;
  protected readonly accessTokenTtlSeconds: number;

  private readonly baseURLGiven: boolean;
  private readonly dialect: FakeDialect = this.bindDialect();
  private readonly accounts: AccountDirectory;
  private readonly tokens: TokenStore;
  private readonly access: ApiAccess;
  private readonly oauth: OAuthAuthority;
  private readonly faults = new FaultQueue();
  private readonly held = new HeldRequests();
  private readonly calls = new Map<string, number>();
  private readonly batches: number[] = [];
  private server: NodeServerHandle | null = null;

  constructor(options: FakeProviderOptions, defaultBaseURL: string) {
    super();
    this.baseURL = (options.baseURL ?? defaultBaseURL).replace(/\/+$/, "");
    this.baseURLGiven = options.baseURL !== undefined;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? cryptoRandom;
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
    this.latencyMs = options.latencyMs ?? 0;
    const { dialect, now } = this;
    this.accounts = new AccountDirectory(dialect);
    this.tokens = new TokenStore({
      now,
      randomHex: (bytes) => this.randomHex(bytes),
      accessTokenTtlSeconds: this.accessTokenTtlSeconds,
      codeTtlSeconds: options.codeTtlSeconds ?? 600,
      dialect,
      emailOf: (accountId) => this.accounts.emailOf(accountId),
    });
    const { accounts, tokens } = this;
    this.access = new ApiAccess({ now, tokens, accounts, dialect, rateLimit: options.rateLimit ?? null });
    this.oauth = new OAuthAuthority({
      dialect,
      baseURL: () => this.baseURL,
      clients: new ClientRegistry(options.clients ?? []),
      accounts,
      tokens,
      count: (name) => this.count(name),
    });
    for (const seed of options.accounts ?? []) this.addAccount(seed);
  }

  // ---------------------------------------------------------------- entry points

  /**
   * The fake as a Web-standard handler. Rejects like `fetch` when the request's signal aborts, or
   * `signal` when given (`fetch` passes the caller's, see there).
   */
  readonly handler = async (request: Request, signal: AbortSignal = request.signal): Promise<Response> => {
    const path = pathBelow(this.baseURL, new URL(request.url).pathname);
    if (path === "/__inspect" && request.method === "GET") return json(this.inspect());
    if (path === "/__control" && request.method === "POST") return controlRequest(request, this);
    const route = this.route(request.method, path, request);
    if (route === null) return this.apiError("not_found", `No route for ${request.method} ${path}`);
    this.count(route.name);
    if (this.latencyMs > 0) await delay(this.latencyMs, signal);
    const fault = this.faults.take(route.target);
    if (fault !== null) return faultResponse(fault, route.target, signal, this.dialect, this.held);
    return route.run();
  };

  /** The fake as a `fetch` implementation, for injecting into a client under test. */
  readonly fetch: typeof fetch = (input, init) => {
    try {
      const request = new Request(input, init);
      // A Request follows init.signal through a weak reference, so a held request's own signal can be
      // collected under GC pressure and never abort (a timeout fault then hangs): listen to the caller's.
      return this.handler(request, init?.signal ?? request.signal);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /**
   * Serves the fake over HTTP (node:http) and resolves with its URL. Unless a `baseURL` was given, the
   * fake's base URL becomes the server's, so every URL it hands out points at it.
   */
  async listen(options: ListenOptions = {}): Promise<string> {
    if (this.server !== null) throw new Error("The fake provider is already listening.");
    // Through the package's `#node-server` import: Node gets node:http, other runtimes (a browser or
    // worker bundle) a stub that says so, and their bundlers never meet a Node built-in.
    const { listenNode } = await import("#node-server");
    const server = await listenNode(this.handler, options);
    this.server = server;
    if (!this.baseURLGiven) this.baseURL = server.url;
    return server.url;
  }

  /** Stops the HTTP server (if listening) and releases held requests. */
  async close(): Promise<void> {
    this.releaseHangs();
    const server = this.server;
    this.server = null;
    if (server !== null) await server.close();
  }

  /** Releases every request the fake is holding (timeouts), rejecting them. */
  releaseHangs(): void {
    this.held.releaseAll();
  }

  // ---------------------------------------------------------------- control API

  /** Adds an account (with a primary and a secondary calendar unless told otherwise). */
  addAccount(seed: FakeAccountSeed): FakeAccountState {
    return this.accounts.add(seed);
  }

  /** Adds a calendar to an account. */
  addCalendar(email: string, seed: FakeCalendarSeed): FakeCalendarState {
    return this.accounts.addCalendar(email, seed);
  }

  /** Deletes a calendar (and with it every event in it); later calls on it answer 404. */
  deleteCalendar(email: string, calendarId: string): void {
    this.accounts.deleteCalendar(email, calendarId);
  }

  /** Revokes every grant of an account, as a user removing the app's access would. Returns how many. */
  revokeGrants(email: string): number {
    return this.tokens.revokeAccountGrants(this.accounts.require(email).id);
  }

  /** Makes every access token issued so far expire now (refresh tokens stay valid). */
  expireAccessTokens(): void {
    this.tokens.expireAccessTokens();
  }

  /** Queues a fault for the next `times` (default 1) calls to `target`. */
  injectFault(target: FakeFaultTarget, fault: FakeFault, times = 1): void {
    this.faults.inject(target, fault, times);
  }

  /** The next token endpoint call fails as asked. */
  failNextTokenCall(
    kind: "server_error" | "invalid_grant" | "timeout" | "truncated_json" | "rate_limited",
  ): void {
    this.injectFault("token", { kind });
  }

  /** Drops every queued fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Sets the API budget of one account (by email) or, without one, of every account without its own. */
  setRateLimit(limit: FakeRateLimit | null, email?: string): void {
    this.access.setRateLimit(limit, email === undefined ? undefined : this.accounts.require(email));
  }

  /** Adds real latency to every protocol response. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Scopes an account will refuse from now on (for scope_missing tests). */
  setWithheldScopes(email: string, scopes: readonly string[]): void {
    this.accounts.require(email).withholdScopes = [...scopes];
  }

  /** How many times an endpoint was called (`token`, `revoke`, `events.insert`, …). */
  callCount(name: string): number {
    return this.calls.get(name) ?? 0;
  }

  /** How many calls each batch request carried, in the order they came (refused batches included). */
  batchSizes(): readonly number[] {
    return [...this.batches];
  }

  /** The events of a calendar (including Google's cancelled ones). */
  events(email: string, calendarId: string): FakeEventState[] {
    return this.accounts.events(email, calendarId);
  }

  /** The account with this email, if any. */
  account(email: string): FakeAccountState | undefined {
    return this.accounts.find(email);
  }

  /**
   * Runs the consent step without the page: takes an authorization URL the client built, consents as
   * `email` (or denies), and returns the URL the browser would be redirected to.
   */
  consent(authorizationURL: string | URL, options: ScriptedConsent): Promise<URL> {
    return scriptedConsent(this.handler, authorizationURL, options);
  }

  /** The whole state, as `GET <base>/__inspect` returns it. */
  inspect(): FakeInspection {
    return {
      provider: this.provider,
      baseURL: this.baseURL,
      now: new Date(this.now()).toISOString(),
      accounts: inspectAccounts(this.accounts.all, (calendar) => this.seriesInstances(calendar)),
      grants: this.tokens.inspectGrants(),
      revocations: [...this.tokens.revocations],
      calls: Object.fromEntries(this.calls),
      faults: this.faults.snapshot(),
      latencyMs: this.latencyMs,
    };
  }

  // ---------------------------------------------------------------- for the concrete fakes

  /** The instances of a calendar's recurring events, for `inspect()`. Default: none. */
  protected seriesInstances(_calendar: FakeCalendarState): FakeSeriesInstance[] {
    return [];
  }

  /** The grants issued so far, by id. */
  protected get grants(): ReadonlyMap<string, FakeGrantState> {
    return this.tokens.grants;
  }

  /** The account's live grant for the client (the one a new consent joins), or null. */
  protected liveGrant(clientId: string, accountId: string): FakeGrantState | null {
    return this.tokens.liveGrant(clientId, accountId);
  }

  /** The authorize and consent routes; a concrete fake's `route` tries them first. */
  protected authorizeRoute(method: string, path: string, request: Request): FakeRoute | null {
    return this.oauth.authorizeRoute(method, path, request);
  }

  /** The token endpoint (authorization_code, refresh_token and the fake's `extraGrant`). */
  protected token(request: Request): Promise<Response> {
    return this.oauth.token(request);
  }

  /** Authenticates a bearer token, checks scopes (any of `anyScope`) and the account's rate limit. */
  protected authenticate(request: Request, anyScope: readonly string[]): FakeAuthResult {
    return this.access.authenticate(request, anyScope);
  }

  /**
   * Builds the provider's API routes for `request`: `api(name, scopes, run)` is a route counted as `name`
   * that authenticates with any of `scopes` and runs with the caller, or answers the auth error.
   */
  protected apiRoutes(
    request: Request,
  ): (
    name: string,
    scopes: readonly string[],
    run: (caller: FakeCaller) => Promise<Response> | Response,
  ) => FakeRoute {
    return (name, scopes, run) => ({
      name,
      target: "api",
      run: async () => {
        const auth = this.authenticate(request, scopes);
        return auth.ok ? run(auth.caller) : auth.response;
      },
    });
  }

  /** Revokes the grant behind an access or refresh token. False when the token is unknown or already revoked. */
  protected revokeToken(token: string): boolean {
    return this.tokens.revokeToken(token);
  }

  /** A grant made without a consent (e.g. a service account impersonating a user): an access token only. */
  protected issueDirectGrant(
    clientId: string,
    account: FakeAccountState,
    scopes: string[],
  ): { readonly accessToken: string; readonly grant: FakeGrantState } {
    const grant = this.tokens.createGrant(clientId, account.id, scopes);
    return { accessToken: this.tokens.issueAccessToken(grant, scopes), grant };
  }

  /** A calendar of the account that is not deleted. */
  protected findCalendar(account: FakeAccountState, calendarId: string): FakeCalendarState | undefined {
    return liveCalendar(account, calendarId);
  }

  /**
   * Serves a batch endpoint in the provider's `format`: a batch it cannot read, or with none or more
   * than `format.limit` calls, gets the provider's 400 and nothing in it runs; otherwise its calls run
   * as `runBatch` runs them.
   */
  protected async serveBatch(request: Request, format: FakeBatchFormat): Promise<Response> {
    let calls: FakeBatchCall[];
    try {
      calls = await format.read(request);
    } catch (error) {
      if (error instanceof FakeBatchError) return this.apiError("invalid", error.message);
      throw error;
    }
    const answers = await this.runBatch(calls, format.limit, request.signal);
    if (answers === null) {
      const message = `A batch holds 1 to ${format.limit} ${format.parts}; this one has ${calls.length}.`;
      return this.apiError("invalid", message);
    }
    return format.write(answers);
  }

  /**
   * Runs the calls of a batch one after the other, each as if it came alone (its route, its count,
   * its own faults, authentication and rate limit), and returns their answers in order. More than
   * `limit` calls: nothing runs, the batch is refused as the provider refuses it (`refuse`).
   */
  protected async runBatch(
    calls: readonly FakeBatchCall[],
    limit: number,
    signal: AbortSignal,
  ): Promise<FakeBatchAnswer[] | null> {
    this.batches.push(calls.length);
    if (calls.length > limit || calls.length === 0) return null;
    const answers: FakeBatchAnswer[] = [];
    for (const call of calls) {
      const path = pathBelow(this.baseURL, new URL(call.request.url).pathname);
      const route = this.route(call.request.method, path, call.request);
      let response: Response;
      if (route === null || route.target !== "api") {
        response = this.apiError("not_found", `No route for ${call.request.method} ${path}`);
      } else {
        this.count(route.name);
        const fault = this.faults.take(route.target);
        response =
          fault === null
            ? await route.run()
            : await faultResponse(fault, route.target, signal, this.dialect, this.held);
      }
      answers.push({ id: call.id, response });
    }
    return answers;
  }

  /** `bytes` random bytes as hex, from the fake's random source. */
  protected randomHex(bytes: number): string {
    return randomHex(this.random, bytes);
  }

  /** The fake's clock as an ISO timestamp. */
  protected isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  private count(name: string): void {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
}
