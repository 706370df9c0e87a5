import type { Calendar } from "@org/calendar-connections-core";
import type { HostEvent } from "../../events/types.ts";
import { ProviderError } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import {
  apiErrorKind,
  asCalendarNotFound,
  asRecord,
  createApiCall,
  createHttpContext,
  type HttpContext,
  OAuthEngine,
  readJson,
  readJsonLenient,
  readWrittenEvent,
  retryAfterMs,
  stringField,
  toProviderTokens,
} from "../http.ts";
import type {
  AccountIdentity,
  CalendarApi,
  EventWriteResult,
  OAuthCalendarClient,
  ProviderEndpoints,
  ProviderRuntime,
} from "../types.ts";
import { googleEventBody } from "./event-body.ts";
import { applyGoogleOverrides } from "./overrides.ts";

/** Google's real endpoints. */
export const GOOGLE_ENDPOINTS: ProviderEndpoints = {
  authorization: "https://accounts.google.com/o/oauth2/v2/auth",
  token: "https://oauth2.googleapis.com/token",
  revocation: "https://oauth2.googleapis.com/revoke",
  userinfo: "https://openidconnect.googleapis.com/v1/userinfo",
  apiBase: "https://www.googleapis.com/calendar/v3",
};

const CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar";
const CALENDAR_EVENTS_SCOPE = "https://www.googleapis.com/auth/calendar.events";
const CALENDAR_READONLY_SCOPE = "https://www.googleapis.com/auth/calendar.readonly";

/** Scopes requested at consent: write events, list calendars for the picker, and who consented. */
export const GOOGLE_SCOPES: readonly string[] = [
  CALENDAR_EVENTS_SCOPE,
  CALENDAR_READONLY_SCOPE,
  "openid",
  "email",
];
/** Scopes a Google connection needs before it may become active. */
export const GOOGLE_REQUIRED_SCOPES: readonly string[] = [CALENDAR_EVENTS_SCOPE];
/** What the legacy service account asks for: listing calendars checks a calendar id an admin typed. */
export const GOOGLE_SERVICE_ACCOUNT_SCOPES: readonly string[] = [
  CALENDAR_EVENTS_SCOPE,
  CALENDAR_READONLY_SCOPE,
];
/** Scopes that include others: full calendar access includes events and read access. */
const IMPLIED_BY: Readonly<Record<string, readonly string[]>> = {
  [CALENDAR_EVENTS_SCOPE]: [CALENDAR_SCOPE],
  [CALENDAR_READONLY_SCOPE]: [CALENDAR_SCOPE],
};
const RATE_LIMIT_REASONS = ["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"];
const MAX_PAGES = 20;

export interface GoogleProviderOptions extends ProviderRuntime {
  readonly clientId: string;
  readonly clientSecret: string;
  /** From configuration, never from the request's Host. */
  readonly redirectURI: string;
  /** Override some or all endpoints (a fake, a proxy). Default: Google's. */
  readonly endpoints?: Partial<ProviderEndpoints>;
  /** Default: `GOOGLE_SCOPES`. */
  readonly scopes?: readonly string[];
}

/** Google Calendar through OAuth 2.0 (arctic's `OAuth2Client`), OpenID userinfo and Calendar v3. */
export function googleProvider(options: GoogleProviderOptions): OAuthCalendarClient {
  const ctx = createHttpContext("google", options);
  const endpoints: ProviderEndpoints = { ...GOOGLE_ENDPOINTS, ...options.endpoints };
  const scopes = options.scopes ?? GOOGLE_SCOPES;
  const requiredScopes = GOOGLE_REQUIRED_SCOPES;
  const engine = new OAuthEngine(ctx, {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectURI: options.redirectURI,
    endpoints,
  });
  return {
    id: "google",
    scopes,
    requiredScopes,
    endpoints,
    createAuthorizationURL(input) {
      const url = engine.authorizationURL(input.state, input.codeVerifier, input.scopes ?? scopes);
      // Offline access with a forced consent so that every connection gets a refresh token.
      url.searchParams.set("access_type", "offline");
      url.searchParams.set("prompt", "consent");
      if (input.loginHint !== undefined) url.searchParams.set("login_hint", input.loginHint);
      return url;
    },
    async exchangeCode(code, codeVerifier) {
      return toProviderTokens(await engine.exchangeCode(code, codeVerifier), ctx.now(), scopes);
    },
    async refresh(refreshToken) {
      return toProviderTokens(await engine.refresh(refreshToken, []), ctx.now(), scopes);
    },
    revoke: (token) => engine.revoke(token),
    missingScopes(granted) {
      return requiredScopes.filter(
        (scope) =>
          !granted.includes(scope) && !(IMPLIED_BY[scope] ?? []).some((wider) => granted.includes(wider)),
      );
    },
    ...googleCalendarApi(ctx, endpoints),
  };
}

/**
 * Calendar v3 and userinfo with a bearer token; shared by the OAuth provider and the legacy service
 * account.
 */
export function googleCalendarApi(
  ctx: HttpContext,
  endpoints: Pick<ProviderEndpoints, "apiBase" | "userinfo">,
): CalendarApi {
  const call = createApiCall(ctx, googleApiError);
  const eventUrl = (calendarId: string, eventId?: string): string =>
    `${endpoints.apiBase}/calendars/${encodeURIComponent(calendarId)}/events${eventId === undefined ? "" : `/${encodeURIComponent(eventId)}`}`;
  const written = (operation: string, response: Response, created: boolean): Promise<EventWriteResult> =>
    readWrittenEvent(ctx, operation, response, created, "etag");
  /** `sendUpdates`: nobody is mailed unless the organization's policy invites. */
  const notify = (invite: boolean): string => `sendUpdates=${invite ? "all" : "none"}`;
  /** Moves and cancels the series' changed instances after its master is written. */
  const withOverrides = async (
    accessToken: string,
    calendarId: string,
    event: HostEvent,
    invite: boolean,
    result: EventWriteResult,
  ): Promise<EventWriteResult> => {
    await applyGoogleOverrides(
      { call, ctx, seriesUrl: eventUrl(calendarId, result.externalId), notify: notify(invite) },
      accessToken,
      event,
    );
    return result;
  };
  const patch = async (
    accessToken: string,
    calendarId: string,
    externalId: string,
    event: HostEvent,
    invite: boolean,
  ): Promise<EventWriteResult> => {
    const url = `${eventUrl(calendarId, externalId)}?${notify(invite)}`;
    const response = await call("events.patch", url, accessToken, {
      method: "PATCH",
      body: JSON.stringify(googleEventBody(event, { invite })),
    });
    return withOverrides(
      accessToken,
      calendarId,
      event,
      invite,
      await written("events.patch", response, false),
    );
  };

  return {
    async getIdentity(accessToken): Promise<AccountIdentity> {
      const response = await call("userinfo", endpoints.userinfo, accessToken);
      const body = await readJson(ctx, "userinfo", response);
      const accountId = stringField(body, "sub");
      const email = stringField(body, "email");
      if (accountId === null || email === null) {
        throw new ProviderError("unavailable", {
          provider: ctx.provider,
          operation: "userinfo",
          status: 200,
          providerCode: "malformed_response",
        });
      }
      return { accountId, email };
    },

    async listCalendars(accessToken): Promise<Calendar[]> {
      const calendars: Calendar[] = [];
      let pageToken: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL(`${endpoints.apiBase}/users/me/calendarList`);
        url.searchParams.set("maxResults", "250");
        if (pageToken !== null) url.searchParams.set("pageToken", pageToken);
        const body = await readJson(
          ctx,
          "calendarList.list",
          await call("calendarList.list", url.toString(), accessToken),
        );
        const items = Array.isArray(body.items) ? body.items : [];
        for (const item of items) {
          const calendar = toCalendar(asRecord(item));
          if (calendar !== null) calendars.push(calendar);
        }
        pageToken = stringField(body, "nextPageToken");
        if (pageToken === null) break;
      }
      return calendars;
    },

    async upsertEvent(accessToken, input) {
      const id = deterministicEventId(input.connectionId, input.eventId);
      const invite = input.invite === true;
      let result: EventWriteResult;
      try {
        const url = `${eventUrl(input.calendarId)}?${notify(invite)}`;
        const response = await call("events.insert", url, accessToken, {
          method: "POST",
          body: JSON.stringify({ id, ...googleEventBody(input.event, { invite }) }),
        });
        result = await written("events.insert", response, true);
      } catch (error) {
        // 409: an earlier attempt already created it (or it was deleted and is kept as cancelled).
        if (
          error instanceof ProviderError &&
          error.kind === "conflict" &&
          error.operation === "events.insert"
        ) {
          return patch(accessToken, input.calendarId, id, input.event, invite);
        }
        throw asCalendarNotFound(error);
      }
      return withOverrides(accessToken, input.calendarId, input.event, invite, result);
    },

    updateEvent: (accessToken, input) =>
      patch(accessToken, input.calendarId, input.externalId, input.event, input.invite === true),

    async deleteEvent(accessToken, input) {
      try {
        const response = await call(
          "events.delete",
          eventUrl(input.calendarId, input.externalId),
          accessToken,
          {
            method: "DELETE",
          },
        );
        await response.body?.cancel();
        return { alreadyGone: false };
      } catch (error) {
        if (error instanceof ProviderError && (error.kind === "not_found" || error.kind === "gone")) {
          return { alreadyGone: true };
        }
        throw error;
      }
    },
  };
}

/** Classifies a failed Google API response, reading `error.errors[].reason` and WWW-Authenticate. */
async function googleApiError(
  ctx: HttpContext,
  operation: string,
  response: Response,
): Promise<ProviderError> {
  const error = asRecord((await readJsonLenient(response))?.error);
  const reasons = (Array.isArray(error?.errors) ? error.errors : [])
    .map((entry) => stringField(asRecord(entry), "reason"))
    .filter((reason): reason is string => reason !== null);
  const details = JSON.stringify(error?.details ?? null);
  const insufficientScope =
    reasons.includes("insufficientPermissions") ||
    (response.headers.get("www-authenticate") ?? "").includes("insufficient_scope") ||
    details.includes("ACCESS_TOKEN_SCOPE_INSUFFICIENT");
  const rateLimited = reasons.some((reason) => RATE_LIMIT_REASONS.includes(reason));
  return new ProviderError(apiErrorKind(response.status, { rateLimited, insufficientScope }), {
    provider: ctx.provider,
    operation,
    status: response.status,
    providerCode: reasons[0] ?? stringField(error, "status"),
    retryAfterMs: retryAfterMs(response, ctx.now()),
  });
}

function toCalendar(entry: Record<string, unknown> | null): Calendar | null {
  const id = stringField(entry, "id");
  if (entry === null || id === null || entry.deleted === true) return null;
  const accessRole = stringField(entry, "accessRole");
  return {
    id,
    name: stringField(entry, "summaryOverride") ?? stringField(entry, "summary") ?? id,
    primary: entry.primary === true,
    canWrite: accessRole === "owner" || accessRole === "writer",
    timeZone: stringField(entry, "timeZone"),
    color: stringField(entry, "backgroundColor"),
  };
}
