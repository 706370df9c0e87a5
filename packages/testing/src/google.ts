import type { FakeAccountState, FakeCalendarSeed, FakeCalendarState, FakeEventState } from "./fake/model.ts";
import type {
  FakeApiErrorKind,
  FakeCaller,
  FakeEndpoints,
  FakeProviderOptions,
  FakeRoute,
} from "./fake/types.ts";
import { FakeProvider } from "./fake-provider.ts";
import {
  asRecord,
  base64urlText,
  fromBase64url,
  json,
  pemToDer,
  readForm,
  readJsonObject,
  writableFields,
} from "./util.ts";

const AUTH = "https://www.googleapis.com/auth";
const CALENDAR = `${AUTH}/calendar`;
const CALENDAR_READONLY = `${AUTH}/calendar.readonly`;
const CALENDAR_EVENTS = `${AUTH}/calendar.events`;
const CALENDAR_EVENTS_READONLY = `${AUTH}/calendar.events.readonly`;
const CALENDAR_LIST_SCOPES = [CALENDAR, CALENDAR_READONLY, `${AUTH}/calendar.calendarlist.readonly`];
const EVENT_READ_SCOPES = [CALENDAR, CALENDAR_READONLY, CALENDAR_EVENTS, CALENDAR_EVENTS_READONLY];
const EVENT_WRITE_SCOPES = [CALENDAR, CALENDAR_EVENTS];
const USERINFO_SCOPES = ["openid", "email", "profile", `${AUTH}/userinfo.email`, `${AUTH}/userinfo.profile`];
/** Google Calendar event ids: base32hex characters (a–v, 0–9), 5 to 1024 of them. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const READ_ONLY_FIELDS = ["id", "etag", "kind", "created", "updated", "status", "iCalUID", "htmlLink"];

/** The endpoint URLs of a fake Google mounted at `baseURL`. */
export function googleEndpoints(baseURL: string): FakeEndpoints {
  const base = baseURL.replace(/\/+$/, "");
  return {
    authorization: `${base}/o/oauth2/v2/auth`,
    token: `${base}/token`,
    revocation: `${base}/revoke`,
    userinfo: `${base}/v1/userinfo`,
    apiBase: `${base}/calendar/v3`,
  };
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** A service account the fake accepts JWT bearer assertions from (the legacy provider). */
export interface FakeServiceAccount {
  readonly clientEmail: string;
  /** SPKI PEM of the key the assertions are signed with; without it signatures are not checked. */
  readonly publicKeyPem?: string;
  /** Domain-wide delegation: whether it may impersonate accounts (`sub`). Default true. */
  readonly delegation?: boolean;
}

export interface FakeGoogleOptions extends FakeProviderOptions {
  /** Service accounts allowed to use the JWT bearer grant (RFC 7523), impersonating seeded accounts. */
  readonly serviceAccounts?: readonly FakeServiceAccount[];
  /** How rate limits answer: 429, or 403 with reason `rateLimitExceeded`. Default 429. */
  readonly rateLimitStatus?: 429 | 403;
}

/**
 * A fake Google: OAuth 2.0 (authorize with a consent page, token, revoke), OpenID userinfo and the
 * parts of Calendar v3 the kit uses (calendarList, events insert/get/list/patch/update/delete).
 */
export class FakeGoogle extends FakeProvider {
  readonly provider = "google" as const;
  protected readonly providerName = "Google";
  protected readonly authorizePath = "/o/oauth2/v2/auth";
  protected readonly rotatesRefreshTokens = false;
  /** How rate limits answer: 429, or 403 with reason `rateLimitExceeded`. */
  rateLimitStatus: 429 | 403;
  private etagCounter = 0;
  private readonly serviceAccounts: FakeServiceAccount[];

  constructor(options: FakeGoogleOptions = {}) {
    super(options, "http://127.0.0.1:4010");
    this.rateLimitStatus = options.rateLimitStatus ?? 429;
    this.serviceAccounts = [...(options.serviceAccounts ?? [])];
  }

  /** Registers a service account for the JWT bearer grant. */
  addServiceAccount(serviceAccount: FakeServiceAccount): void {
    this.serviceAccounts.push(serviceAccount);
  }

  /** RFC 7523 JWT bearer assertions from service accounts, as Google's token endpoint accepts them. */
  protected override async extraGrant(
    grantType: string | null,
    form: URLSearchParams,
  ): Promise<Response | null> {
    if (grantType !== JWT_BEARER) return null;
    const invalid = (description: string): Response => this.oauthError(400, "invalid_grant", description);
    const [headerPart, payloadPart, signaturePart] = (form.get("assertion") ?? "").split(".");
    if (headerPart === undefined || payloadPart === undefined || signaturePart === undefined) {
      return invalid("Invalid JWT: token must be a signed JWT.");
    }
    let header: Record<string, unknown> | null;
    let claims: Record<string, unknown> | null;
    try {
      const decoder = new TextDecoder();
      header = asRecord(JSON.parse(decoder.decode(fromBase64url(headerPart))));
      claims = asRecord(JSON.parse(decoder.decode(fromBase64url(payloadPart))));
    } catch {
      return invalid("Invalid JWT: malformed.");
    }
    if (header?.alg !== "RS256" || claims === null) return invalid("Invalid JWT: RS256 is required.");
    const account = this.serviceAccounts.find((candidate) => candidate.clientEmail === claims.iss);
    if (account === undefined) return invalid("Invalid JWT Signature.");
    if (account.publicKeyPem !== undefined) {
      const key = await crypto.subtle.importKey(
        "spki",
        pemToDer(account.publicKeyPem),
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        ["verify"],
      );
      const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
      const valid = await crypto.subtle.verify(
        "RSASSA-PKCS1-v1_5",
        key,
        fromBase64url(signaturePart),
        signed,
      );
      if (!valid) return invalid("Invalid JWT Signature.");
    }
    const now = Math.floor(this.now() / 1000);
    const iat = typeof claims.iat === "number" ? claims.iat : Number.NaN;
    const exp = typeof claims.exp === "number" ? claims.exp : Number.NaN;
    if (claims.aud !== this.endpoints.token && claims.aud !== "https://oauth2.googleapis.com/token") {
      return invalid("Invalid JWT: aud must be the token endpoint.");
    }
    if (!(iat <= now + 60 && exp > now && exp - iat <= 3600)) {
      return invalid(
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
      );
    }
    const scopes =
      typeof claims.scope === "string" ? claims.scope.split(" ").filter((scope) => scope !== "") : [];
    if (scopes.length === 0)
      return this.oauthError(400, "invalid_scope", "Empty or missing scope not allowed.");
    if (account.delegation === false) {
      return this.oauthError(
        401,
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method.",
      );
    }
    const subject = typeof claims.sub === "string" ? this.account(claims.sub) : undefined;
    if (subject === undefined) return invalid("Invalid email or User ID");
    const { accessToken } = this.issueDirectGrant(account.clientEmail, subject, scopes);
    return json({ access_token: accessToken, expires_in: this.accessTokenTtlSeconds, token_type: "Bearer" });
  }

  get endpoints(): FakeEndpoints {
    return googleEndpoints(this.baseURL);
  }

  protected route(method: string, path: string, request: Request): FakeRoute | null {
    const oauth = this.authorizeRoute(method, path, request);
    if (oauth !== null) return oauth;
    if (path === "/token" && method === "POST") {
      return { name: "token", target: "token", run: () => this.token(request) };
    }
    if (path === "/revoke" && method === "POST") {
      return { name: "revoke", target: "revoke", run: () => this.revoke(request) };
    }
    if (path === "/v1/userinfo" && (method === "GET" || method === "POST")) {
      return { name: "userinfo", target: "api", run: async () => this.userinfo(request) };
    }
    if (!path.startsWith("/calendar/v3/")) return null;
    const parts = path.slice("/calendar/v3/".length).split("/").map(decodeURIComponent);
    const api = (
      name: string,
      scopes: readonly string[],
      run: (caller: FakeCaller) => Promise<Response> | Response,
    ) => ({
      name,
      target: "api" as const,
      run: async () => {
        const auth = this.authenticate(request, scopes);
        return auth.ok ? run(auth.caller) : auth.response;
      },
    });
    if (parts[0] === "users" && parts[1] === "me" && parts[2] === "calendarList" && method === "GET") {
      const id = parts[3];
      if (id === undefined) {
        return api("calendarList.list", CALENDAR_LIST_SCOPES, (caller) =>
          this.calendarList(caller, new URL(request.url).searchParams),
        );
      }
      return api("calendarList.get", CALENDAR_LIST_SCOPES, (caller) => this.calendarListGet(caller, id));
    }
    if (parts[0] !== "calendars" || parts[1] === undefined || parts[2] !== "events") return null;
    const calendarId = parts[1];
    const eventId = parts[3];
    if (eventId === undefined) {
      if (method === "POST") {
        return api("events.insert", EVENT_WRITE_SCOPES, (caller) => this.insert(caller, calendarId, request));
      }
      if (method === "GET") {
        return api("events.list", EVENT_READ_SCOPES, (caller) =>
          this.list(caller, calendarId, new URL(request.url).searchParams),
        );
      }
      return null;
    }
    switch (method) {
      case "GET":
        return api("events.get", EVENT_READ_SCOPES, (caller) => this.get(caller, calendarId, eventId));
      case "PATCH":
      case "PUT":
        return api(method === "PATCH" ? "events.patch" : "events.update", EVENT_WRITE_SCOPES, (caller) =>
          this.patch(caller, calendarId, eventId, request, method === "PUT"),
        );
      case "DELETE":
        return api("events.delete", EVENT_WRITE_SCOPES, (caller) => this.delete(caller, calendarId, eventId));
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- OAuth specifics

  protected offlineRequested(params: URLSearchParams, accountId: string, clientId: string): boolean {
    if (params.get("access_type") !== "offline") return false;
    const prompt = (params.get("prompt") ?? "").split(" ");
    if (prompt.includes("consent")) return true;
    // Without prompt=consent Google only returns a refresh token on the first consent of this client.
    return this.liveGrant(clientId, accountId) === null;
  }

  /** Google keeps 100 live refresh tokens per account and client; a new one invalidates the oldest. */
  protected override refreshTokenLimit(): number {
    return 100;
  }

  protected grantedScopeString(scopes: readonly string[]): string {
    return scopes
      .map((scope) => (scope === "email" || scope === "profile" ? `${AUTH}/userinfo.${scope}` : scope))
      .join(" ");
  }

  protected accessTokenPrefix(): string {
    return "ya29.fake_";
  }

  protected refreshTokenPrefix(): string {
    return "1//fake_";
  }

  protected codePrefix(): string {
    return "4/0";
  }

  protected scopeOnRedirect(): boolean {
    return true;
  }

  protected idToken(account: FakeAccountState, clientId: string, nonce: string | null): string {
    const now = Math.floor(this.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: "https://accounts.google.com",
      aud: clientId,
      sub: account.id,
      email: account.email,
      email_verified: true,
      iat: now,
      exp: now + 3600,
    };
    if (nonce !== null) payload.nonce = nonce;
    // Unsigned (alg "none"): the fake has no keys; clients read identity from userinfo.
    return `${base64urlText(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64urlText(JSON.stringify(payload))}.`;
  }

  protected oauthError(status: number, error: string, description: string): Response {
    return json({ error, error_description: description }, status);
  }

  protected newAccountId(): string {
    // Google subjects are 21-digit numbers.
    let digits = "1";
    for (let i = 0; i < 20; i++) digits += Math.floor(this.random() * 10).toString();
    return digits;
  }

  protected newCalendarId(account: { email: string }, seed: FakeCalendarSeed): string {
    return seed.primary === true ? account.email : `c_${this.randomHex(16)}@group.calendar.google.com`;
  }

  protected apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response {
    const error = (
      status: number,
      reason: string,
      statusText: string,
      headers: Record<string, string> = {},
      domain = "global",
    ): Response =>
      json(
        { error: { code: status, message, errors: [{ domain, reason, message }], status: statusText } },
        status,
        headers,
      );
    switch (kind) {
      case "unauthorized":
        return error(401, "authError", "UNAUTHENTICATED", {
          "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        });
      case "insufficient_scope":
        return error(403, "insufficientPermissions", "PERMISSION_DENIED", {
          "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"',
        });
      case "forbidden":
        return error(403, "requiredAccessLevel", "PERMISSION_DENIED");
      case "rate_limited": {
        const headers = { "retry-after": String(retryAfterSeconds ?? 1) };
        return this.rateLimitStatus === 403
          ? error(403, "rateLimitExceeded", "PERMISSION_DENIED", headers, "usageLimits")
          : error(429, "rateLimitExceeded", "RESOURCE_EXHAUSTED", headers, "usageLimits");
      }
      case "not_found":
        return error(404, "notFound", "NOT_FOUND");
      case "gone":
        return error(410, "deleted", "GONE");
      case "conflict":
        return error(409, "duplicate", "ALREADY_EXISTS");
      case "invalid":
        return error(400, "invalid", "INVALID_ARGUMENT");
      case "precondition_failed":
        return error(412, "conditionNotMet", "FAILED_PRECONDITION");
      case "server_error":
        return error(500, "backendError", "INTERNAL");
      case "unavailable":
        return error(503, "backendError", "UNAVAILABLE");
    }
  }

  // ---------------------------------------------------------------- revoke and userinfo

  private async revoke(request: Request): Promise<Response> {
    const form = await readForm(request);
    const token = form.get("token") ?? new URL(request.url).searchParams.get("token") ?? "";
    if (!this.revokeToken(token)) return this.oauthError(400, "invalid_token", "Token expired or revoked");
    return json({});
  }

  private userinfo(request: Request): Response {
    const auth = this.authenticate(request, USERINFO_SCOPES);
    if (!auth.ok) return auth.response;
    const { account } = auth.caller;
    return json({ sub: account.id, email: account.email, email_verified: true, name: account.name });
  }

  // ---------------------------------------------------------------- calendar list

  private calendarEntry(calendar: FakeCalendarState): Record<string, unknown> {
    const entry: Record<string, unknown> = {
      kind: "calendar#calendarListEntry",
      etag: `"${calendar.id.length}${calendar.name.length}"`,
      id: calendar.id,
      summary: calendar.name,
      timeZone: calendar.timeZone,
      colorId: "1",
      backgroundColor: calendar.color ?? "#9fe1e7",
      foregroundColor: "#000000",
      selected: true,
      accessRole: calendar.accessRole,
      defaultReminders: [],
    };
    if (calendar.primary) entry.primary = true;
    return entry;
  }

  private calendarList({ account }: FakeCaller, query: URLSearchParams): Response {
    const all = account.calendars.filter((calendar) => !calendar.deleted);
    const max = Math.min(Math.max(Number(query.get("maxResults") ?? "100") || 100, 1), 250);
    const offset = Number((query.get("pageToken") ?? "p0").slice(1)) || 0;
    const page = all.slice(offset, offset + max);
    const body: Record<string, unknown> = {
      kind: "calendar#calendarList",
      etag: `"${all.length}"`,
      items: page.map((calendar) => this.calendarEntry(calendar)),
    };
    if (offset + max < all.length) body.nextPageToken = `p${offset + max}`;
    return json(body);
  }

  private calendarListGet({ account }: FakeCaller, calendarId: string): Response {
    const calendar = this.resolveCalendar(account, calendarId);
    return calendar === undefined
      ? this.apiError("not_found", "Not Found")
      : json(this.calendarEntry(calendar));
  }

  private resolveCalendar(account: FakeAccountState, calendarId: string): FakeCalendarState | undefined {
    if (calendarId === "primary")
      return account.calendars.find((calendar) => calendar.primary && !calendar.deleted);
    return this.findCalendar(account, calendarId);
  }

  // ---------------------------------------------------------------- events

  private eventResource(calendar: FakeCalendarState, event: FakeEventState): Record<string, unknown> {
    return {
      kind: "calendar#event",
      reminders: { useDefault: true },
      eventType: "default",
      sequence: 0,
      ...event.resource,
      etag: event.etag,
      id: event.id,
      status: event.status,
      htmlLink: `${this.baseURL}/calendar/event?eid=${event.id}`,
      created: event.created,
      updated: event.updated,
      creator: { email: calendar.primary ? calendar.id : "", self: true },
      organizer: { email: calendar.id, displayName: calendar.name, self: true },
      iCalUID: `${event.id}@google.com`,
    };
  }

  private nextEtag(): string {
    this.etagCounter++;
    return `"${this.now()}${String(this.etagCounter).padStart(3, "0")}"`;
  }

  private writableCalendar(caller: FakeCaller, calendarId: string): FakeCalendarState | Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    if (calendar === undefined) return this.apiError("not_found", "Not Found");
    if (calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return this.apiError("forbidden", "You need to have writer access to this calendar.");
    }
    return calendar;
  }

  private async insert(caller: FakeCaller, calendarId: string, request: Request): Promise<Response> {
    const calendar = this.writableCalendar(caller, calendarId);
    if (calendar instanceof Response) return calendar;
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Parse Error");
    const invalid = validateTimes(body, true);
    if (invalid !== null) return this.apiError("invalid", invalid);
    let id: string;
    if (body.id !== undefined) {
      if (typeof body.id !== "string" || !EVENT_ID.test(body.id))
        return this.apiError("invalid", "Invalid resource id value.");
      id = body.id;
      if (calendar.events.has(id))
        return this.apiError("conflict", "The requested identifier already exists.");
    } else {
      id = this.randomHex(13);
    }
    const now = this.isoNow();
    const event: FakeEventState = {
      id,
      calendarId: calendar.id,
      status: body.status === "cancelled" ? "cancelled" : "confirmed",
      etag: this.nextEtag(),
      created: now,
      updated: now,
      transactionId: null,
      resource: writableFields(READ_ONLY_FIELDS, body),
    };
    calendar.events.set(id, event);
    return json(this.eventResource(calendar, event));
  }

  private get(caller: FakeCaller, calendarId: string, eventId: string): Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    const event = calendar?.events.get(eventId);
    if (calendar === undefined || event === undefined) return this.apiError("not_found", "Not Found");
    // Google keeps deleted events readable with status "cancelled".
    return json(this.eventResource(calendar, event));
  }

  private list(caller: FakeCaller, calendarId: string, query: URLSearchParams): Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    if (calendar === undefined) return this.apiError("not_found", "Not Found");
    const showDeleted = query.get("showDeleted") === "true";
    const items = [...calendar.events.values()]
      .filter((event) => showDeleted || event.status !== "cancelled")
      .map((event) => this.eventResource(calendar, event));
    return json({ kind: "calendar#events", summary: calendar.name, timeZone: calendar.timeZone, items });
  }

  private async patch(
    caller: FakeCaller,
    calendarId: string,
    eventId: string,
    request: Request,
    replace: boolean,
  ): Promise<Response> {
    const calendar = this.writableCalendar(caller, calendarId);
    if (calendar instanceof Response) return calendar;
    const event = calendar.events.get(eventId);
    if (event === undefined) return this.apiError("not_found", "Not Found");
    const ifMatch = request.headers.get("if-match");
    if (ifMatch !== null && ifMatch !== "*" && ifMatch !== event.etag) {
      return this.apiError("precondition_failed", "Precondition Failed");
    }
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Parse Error");
    const next = replace
      ? writableFields(READ_ONLY_FIELDS, body)
      : { ...event.resource, ...writableFields(READ_ONLY_FIELDS, body) };
    const invalid = validateTimes(next, false);
    if (invalid !== null) return this.apiError("invalid", invalid);
    event.resource = next;
    if (body.status === "cancelled" || body.status === "confirmed") event.status = body.status;
    event.etag = this.nextEtag();
    event.updated = this.isoNow();
    return json(this.eventResource(calendar, event));
  }

  private delete(caller: FakeCaller, calendarId: string, eventId: string): Response {
    const calendar = this.writableCalendar(caller, calendarId);
    if (calendar instanceof Response) return calendar;
    const event = calendar.events.get(eventId);
    if (event === undefined) return this.apiError("not_found", "Not Found");
    if (event.status === "cancelled") return this.apiError("gone", "Resource has been deleted");
    event.status = "cancelled";
    event.etag = this.nextEtag();
    event.updated = this.isoNow();
    return new Response(null, { status: 204 });
  }
}

/** A fake Google (see `FakeGoogle`). */
export function createFakeGoogle(options: FakeGoogleOptions = {}): FakeGoogle {
  return new FakeGoogle(options);
}

/** Checks `start` and `end` the way Calendar v3 does; returns the error message or null. */
function validateTimes(body: Record<string, unknown>, required: boolean): string | null {
  const start = asRecord(body.start);
  const end = asRecord(body.end);
  if (start === null && (required || body.start !== undefined)) return "Missing start time.";
  if (end === null && (required || body.end !== undefined)) return "Missing end time.";
  if (start === null || end === null) return null;
  const startValue = start.dateTime ?? start.date;
  const endValue = end.dateTime ?? end.date;
  if (typeof startValue !== "string" || Number.isNaN(Date.parse(startValue))) return "Invalid start time.";
  if (typeof endValue !== "string" || Number.isNaN(Date.parse(endValue))) return "Invalid end time.";
  if (Date.parse(endValue) < Date.parse(startValue)) return "The specified time range is empty.";
  return null;
}
