import type { FakeAccountState, FakeCalendarState, FakeEventState } from "./fake/model.ts";
import type {
  FakeApiErrorKind,
  FakeAuthResult,
  FakeCaller,
  FakeEndpoints,
  FakeProviderOptions,
  FakeRoute,
} from "./fake/types.ts";
import { FakeProvider } from "./fake-provider.ts";
import { asRecord, base64urlText, json, readJsonObject, writableFields } from "./util.ts";

const GRAPH = "https://graph.microsoft.com/";
/** Scopes that are not Graph permissions and are reported without the resource prefix. */
const OIDC_SCOPES = ["openid", "email", "profile", "offline_access"];
const ME_SCOPES = ["user.read", "user.readwrite", "user.readbasic.all", "user.read.all"];
const READ_SCOPES = [
  "calendars.read",
  "calendars.readwrite",
  "calendars.read.shared",
  "calendars.readwrite.shared",
];
const WRITE_SCOPES = ["calendars.readwrite", "calendars.readwrite.shared"];
const READ_ONLY_FIELDS = [
  "id",
  "@odata.etag",
  "@odata.context",
  "changeKey",
  "createdDateTime",
  "lastModifiedDateTime",
  "transactionId",
];

/** The endpoint URLs of a fake Microsoft mounted at `baseURL`, for a tenant (default `common`). */
export function microsoftEndpoints(baseURL: string, tenant = "common"): FakeEndpoints {
  const base = baseURL.replace(/\/+$/, "");
  return {
    authorization: `${base}/${tenant}/oauth2/v2.0/authorize`,
    token: `${base}/${tenant}/oauth2/v2.0/token`,
    revocation: null,
    userinfo: `${base}/v1.0/me`,
    apiBase: `${base}/v1.0`,
  };
}

export interface FakeMicrosoftOptions extends FakeProviderOptions {
  /** The tenant segment of the authorize and token URLs it hands out. Default `common`; any is accepted. */
  readonly tenant?: string;
}

/**
 * A fake Microsoft: Entra ID v2 (authorize with a consent page, token with rotating refresh tokens; no
 * revocation endpoint, as for real delegated tokens: revoke with `revokeGrants`) and the parts of
 * Microsoft Graph v1.0 the kit uses (`/me`, `/me/calendars`, events with `transactionId`).
 */
export class FakeMicrosoft extends FakeProvider {
  readonly provider = "microsoft" as const;
  protected readonly providerName = "Microsoft";
  protected readonly rotatesRefreshTokens = true;
  protected readonly authorizePath: string;
  readonly tenant: string;
  private changeCounter = 0;

  constructor(options: FakeMicrosoftOptions = {}) {
    super(options, "http://127.0.0.1:4020");
    this.tenant = options.tenant ?? "common";
    this.authorizePath = `/${this.tenant}/oauth2/v2.0/authorize`;
  }

  get endpoints(): FakeEndpoints {
    return microsoftEndpoints(this.baseURL, this.tenant);
  }

  protected route(method: string, path: string, request: Request): FakeRoute | null {
    const oauth = this.authorizeRoute(method, path, request);
    if (oauth !== null) return oauth;
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && method === "POST") {
      return { name: "token", target: "token", run: () => this.token(request) };
    }
    if (!path.startsWith("/v1.0/me")) return null;
    const parts = path.slice("/v1.0/".length).split("/").map(decodeURIComponent);
    const query = new URL(request.url).searchParams;
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
    const [, collection, id, sub] = parts;
    if (collection === undefined && method === "GET")
      return api("me", ME_SCOPES, (caller) => this.me(caller));
    if (collection === "calendars") {
      if (id === undefined && method === "GET")
        return api("calendars.list", READ_SCOPES, (c) => this.calendars(c, query));
      if (id !== undefined && sub === undefined && method === "GET") {
        return api("calendars.get", READ_SCOPES, (c) => this.calendarGet(c, id));
      }
      if (id !== undefined && sub === "events" && parts.length === 4) {
        if (method === "POST") return api("events.create", WRITE_SCOPES, (c) => this.create(c, id, request));
        if (method === "GET") return api("events.list", READ_SCOPES, (c) => this.list(c, id, query));
      }
      return null;
    }
    if (collection === "events") {
      if (id === undefined) {
        if (method === "POST")
          return api("events.create", WRITE_SCOPES, (c) => this.create(c, null, request));
        return null;
      }
      if (parts.length !== 3) return null;
      if (method === "GET") return api("events.get", READ_SCOPES, (c) => this.get(c, id));
      if (method === "PATCH") return api("events.update", WRITE_SCOPES, (c) => this.update(c, id, request));
      if (method === "DELETE") return api("events.delete", WRITE_SCOPES, (c) => this.delete(c, id));
    }
    return null;
  }

  // ---------------------------------------------------------------- OAuth specifics

  protected offlineRequested(params: URLSearchParams): boolean {
    return (params.get("scope") ?? "").split(" ").includes("offline_access");
  }

  protected grantedScopeString(scopes: readonly string[]): string {
    return scopes
      .map((scope) => {
        const bare = scope.startsWith(GRAPH) ? scope.slice(GRAPH.length) : scope;
        return OIDC_SCOPES.includes(bare.toLowerCase()) ? bare : `${GRAPH}${bare}`;
      })
      .join(" ");
  }

  protected accessTokenPrefix(): string {
    return "eyJ0fake.at_";
  }

  protected refreshTokenPrefix(): string {
    return "M.R3_fake_";
  }

  protected codePrefix(): string {
    return "M.C";
  }

  protected scopeOnRedirect(): boolean {
    return false;
  }

  protected override tokenResponseExtras(): Record<string, unknown> {
    return { ext_expires_in: this.accessTokenTtlSeconds };
  }

  protected idToken(account: FakeAccountState, clientId: string, nonce: string | null): string {
    const now = Math.floor(this.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: `https://login.microsoftonline.com/${this.tenant}/v2.0`,
      aud: clientId,
      oid: account.id,
      sub: account.id,
      preferred_username: account.email,
      email: account.mail ?? account.email,
      iat: now,
      exp: now + 3600,
    };
    if (nonce !== null) payload.nonce = nonce;
    return `${base64urlText(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64urlText(JSON.stringify(payload))}.`;
  }

  protected oauthError(status: number, error: string, description: string): Response {
    const codes: Record<string, number> = {
      invalid_grant: 70000,
      invalid_client: 7000215,
      server_error: 500011,
    };
    const code = codes[error] ?? 90014;
    return json(
      {
        error,
        error_description: `AADSTS${code}: ${description}`,
        error_codes: [code],
        timestamp: this.isoNow(),
        trace_id: "00000000-0000-0000-0000-000000000000",
        correlation_id: "00000000-0000-0000-0000-000000000000",
      },
      status,
    );
  }

  /** Authenticates with case-insensitive scope names, as Entra treats them. */
  protected override authenticate(request: Request, anyScope: readonly string[]): FakeAuthResult {
    const result = super.authenticate(request, []);
    if (!result.ok) return result;
    const granted = result.caller.scopes.map((scope) =>
      (scope.startsWith(GRAPH) ? scope.slice(GRAPH.length) : scope).toLowerCase(),
    );
    if (anyScope.length > 0 && !anyScope.some((scope) => granted.includes(scope))) {
      return {
        ok: false,
        response: this.apiError("insufficient_scope", "Access is denied. Check credentials and try again."),
      };
    }
    return result;
  }

  protected newAccountId(): string {
    const hex = this.randomHex(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  protected newCalendarId(): string {
    return `AAMkAGfake${this.randomHex(20)}AAA=`;
  }

  protected apiError(kind: FakeApiErrorKind, message: string, retryAfterSeconds?: number): Response {
    const error = (status: number, code: string, headers: Record<string, string> = {}): Response =>
      json(
        {
          error: {
            code,
            message,
            innerError: { date: this.isoNow(), "request-id": "00000000-0000-0000-0000-000000000000" },
          },
        },
        status,
        headers,
      );
    switch (kind) {
      case "unauthorized":
        return error(401, "InvalidAuthenticationToken", {
          "www-authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"`,
        });
      case "insufficient_scope":
      case "forbidden":
        // Graph answers both a missing permission and a read-only calendar with ErrorAccessDenied.
        return error(403, "ErrorAccessDenied");
      case "rate_limited":
        return error(429, "TooManyRequests", { "retry-after": String(retryAfterSeconds ?? 1) });
      case "not_found":
        return error(404, "ErrorItemNotFound");
      case "gone":
        return error(410, "ResourceGone");
      case "conflict":
        return error(409, "ErrorIrresolvableConflict");
      case "invalid":
        return error(400, "ErrorInvalidRequest");
      case "precondition_failed":
        return error(412, "PreconditionFailed");
      case "server_error":
      case "unavailable":
        return error(503, "ServiceNotAvailable");
    }
  }

  // ---------------------------------------------------------------- /me and calendars

  private me({ account }: FakeCaller): Response {
    return json({
      "@odata.context": `${GRAPH}v1.0/$metadata#users/$entity`,
      id: account.id,
      displayName: account.name,
      mail: account.mail,
      userPrincipalName: account.email,
    });
  }

  private calendarResource(account: FakeAccountState, calendar: FakeCalendarState): Record<string, unknown> {
    const owner = calendar.accessRole === "owner";
    return {
      id: calendar.id,
      name: calendar.name,
      color: "auto",
      hexColor: calendar.color ?? "",
      isDefaultCalendar: calendar.primary,
      changeKey: `ck${calendar.id.length}`,
      canShare: owner,
      canViewPrivateItems: owner,
      canEdit: owner || calendar.accessRole === "writer",
      isRemovable: !calendar.primary,
      owner: { name: account.name, address: account.email },
    };
  }

  private calendars({ account }: FakeCaller, query: URLSearchParams): Response {
    const all = account.calendars.filter((calendar) => !calendar.deleted);
    const top = Math.min(Math.max(Number(query.get("$top") ?? "10") || 10, 1), 1000);
    const skip = Math.max(Number(query.get("$skip") ?? "0") || 0, 0);
    const body: Record<string, unknown> = {
      "@odata.context": `${GRAPH}v1.0/$metadata#me/calendars`,
      value: all.slice(skip, skip + top).map((calendar) => this.calendarResource(account, calendar)),
    };
    if (skip + top < all.length) {
      body["@odata.nextLink"] = `${this.endpoints.apiBase}/me/calendars?$top=${top}&$skip=${skip + top}`;
    }
    return json(body);
  }

  private calendarGet({ account }: FakeCaller, calendarId: string): Response {
    const calendar = this.findCalendar(account, calendarId);
    return calendar === undefined
      ? this.apiError("not_found", "The specified object was not found in the store.")
      : json(this.calendarResource(account, calendar));
  }

  // ---------------------------------------------------------------- events

  private eventResource(event: FakeEventState): Record<string, unknown> {
    // Graph answers with extended properties only when `$expand`ed; the kit never asks.
    const { singleValueExtendedProperties: _hidden, ...resource } = event.resource;
    return {
      "@odata.etag": event.etag,
      ...resource,
      id: event.id,
      createdDateTime: event.created,
      lastModifiedDateTime: event.updated,
      changeKey: event.etag.slice(3, -1),
      transactionId: event.transactionId,
      isCancelled: false,
      webLink: `${this.baseURL}/owa/?itemid=${encodeURIComponent(event.id)}`,
    };
  }

  private nextEtag(): string {
    this.changeCounter++;
    return `W/"fakeCK${this.now()}${String(this.changeCounter).padStart(3, "0")}"`;
  }

  private findEvent(account: FakeAccountState, eventId: string): [FakeCalendarState, FakeEventState] | null {
    for (const calendar of account.calendars) {
      const event = calendar.deleted ? undefined : calendar.events.get(eventId);
      if (event !== undefined) return [calendar, event];
    }
    return null;
  }

  private async create(caller: FakeCaller, calendarId: string | null, request: Request): Promise<Response> {
    const { account } = caller;
    const calendar =
      calendarId === null
        ? account.calendars.find((candidate) => candidate.primary && !candidate.deleted)
        : this.findCalendar(account, calendarId);
    if (calendar === undefined)
      return this.apiError("not_found", "The specified object was not found in the store.");
    if (calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return this.apiError("forbidden", "Access is denied. Check credentials and try again.");
    }
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Unable to read JSON request payload.");
    const invalid = validateTimes(body, true);
    if (invalid !== null) return this.apiError("invalid", invalid);
    const transactionId = typeof body.transactionId === "string" ? body.transactionId : null;
    if (transactionId !== null) {
      // A retried create with the same transactionId returns the event the first attempt made.
      for (const candidate of account.calendars) {
        for (const existing of candidate.events.values()) {
          if (existing.transactionId === transactionId) return json(this.eventResource(existing), 201);
        }
      }
    }
    const now = this.isoNow();
    const event: FakeEventState = {
      id: `AAMkAGfakeEv${this.randomHex(24)}=`,
      calendarId: calendar.id,
      status: "confirmed",
      etag: this.nextEtag(),
      created: now,
      updated: now,
      transactionId,
      resource: writableFields(READ_ONLY_FIELDS, body),
    };
    calendar.events.set(event.id, event);
    return json(this.eventResource(event), 201);
  }

  private list({ account }: FakeCaller, calendarId: string, query: URLSearchParams): Response {
    const calendar = this.findCalendar(account, calendarId);
    if (calendar === undefined)
      return this.apiError("not_found", "The specified object was not found in the store.");
    const filter = query.get("$filter");
    let events = [...calendar.events.values()];
    if (filter !== null) {
      // The one form Graph documents for events by extended property:
      // singleValueExtendedProperties/Any(ep: ep/id eq '<id>' and ep/value eq '<value>').
      const match =
        /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '([^']*)' and ep\/value eq '([^']*)'\)$/.exec(
          filter,
        );
      if (match === null) return this.apiError("invalid", "Invalid filter clause");
      const [, id, value] = match;
      events = events.filter((event) => extendedProperty(event, id ?? "") === value);
    }
    return json({ value: events.map((event) => this.eventResource(event)) });
  }

  private get({ account }: FakeCaller, eventId: string): Response {
    const found = this.findEvent(account, eventId);
    return found === null
      ? this.apiError("not_found", "The specified object was not found in the store.")
      : json(this.eventResource(found[1]));
  }

  private async update({ account }: FakeCaller, eventId: string, request: Request): Promise<Response> {
    const found = this.findEvent(account, eventId);
    if (found === null) return this.apiError("not_found", "The specified object was not found in the store.");
    const [calendar, event] = found;
    if (calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return this.apiError("forbidden", "Access is denied. Check credentials and try again.");
    }
    const ifMatch = request.headers.get("if-match");
    if (ifMatch !== null && ifMatch !== "*" && ifMatch !== event.etag) {
      return this.apiError("precondition_failed", "The etag does not match.");
    }
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Unable to read JSON request payload.");
    const next = { ...event.resource, ...writableFields(READ_ONLY_FIELDS, body) };
    const invalid = validateTimes(next, false);
    if (invalid !== null) return this.apiError("invalid", invalid);
    event.resource = next;
    event.etag = this.nextEtag();
    event.updated = this.isoNow();
    return json(this.eventResource(event));
  }

  private delete({ account }: FakeCaller, eventId: string): Response {
    const found = this.findEvent(account, eventId);
    if (found === null) return this.apiError("not_found", "The specified object was not found in the store.");
    found[0].events.delete(eventId);
    return new Response(null, { status: 204 });
  }
}

/** The value of an event's singleValueExtendedProperty with this id, or null. */
function extendedProperty(event: FakeEventState, id: string): string | null {
  const properties = event.resource.singleValueExtendedProperties;
  if (!Array.isArray(properties)) return null;
  for (const property of properties) {
    if (typeof property !== "object" || property === null) continue;
    const entry = property as Record<string, unknown>;
    if (typeof entry.id === "string" && entry.id === id)
      return typeof entry.value === "string" ? entry.value : null;
  }
  return null;
}

/** A fake Microsoft (see `FakeMicrosoft`). */
export function createFakeMicrosoft(options: FakeMicrosoftOptions = {}): FakeMicrosoft {
  return new FakeMicrosoft(options);
}

/** Graph's `dateTimeTimeZone` checks: both times present with `dateTime` and `timeZone`, end not before start. */
function validateTimes(body: Record<string, unknown>, required: boolean): string | null {
  const start = asRecord(body.start);
  const end = asRecord(body.end);
  if (start === null || end === null) return required ? "Start and end are required." : null;
  for (const time of [start, end]) {
    if (typeof time.dateTime !== "string" || Number.isNaN(Date.parse(time.dateTime)))
      return "Invalid dateTime.";
    if (typeof time.timeZone !== "string" || time.timeZone === "") return "timeZone is required.";
  }
  if (Date.parse(String(end.dateTime)) < Date.parse(String(start.dateTime))) {
    return "The end of the event must be after its start.";
  }
  return null;
}
