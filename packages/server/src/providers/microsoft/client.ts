import type { Calendar } from "@org/calendar-connections-core";
import { ProviderError } from "../errors.ts";
import {
  apiErrorKind,
  asRecord,
  createApiCall,
  createHttpContext,
  type HttpContext,
  OAuthEngine,
  readJson,
  readJsonLenient,
  retryAfterMs,
  stringField,
  toProviderTokens,
} from "../http.ts";
import type { OAuthCalendarClient, ProviderEndpoints, ProviderRuntime } from "../types.ts";
import { graphEventsApi } from "./events-api.ts";

/** Scopes requested at consent: a refresh token, calendar writes, and who consented. */
export const MICROSOFT_SCOPES: readonly string[] = [
  "offline_access",
  "Calendars.ReadWrite",
  "User.Read",
  "openid",
  "email",
];
/** Scopes a Microsoft connection needs before it may become active. */
export const MICROSOFT_REQUIRED_SCOPES: readonly string[] = ["Calendars.ReadWrite"];

const GRAPH_RESOURCE = "https://graph.microsoft.com/";
const MAX_PAGES = 20;

export { KEY_PROPERTY_ID } from "./events-api.ts";

/** The real Entra ID v2 endpoints for a tenant (`common`, `organizations`, `consumers` or a tenant id), and Graph. */
export function entraEndpoints(tenant = "common"): ProviderEndpoints {
  const authority = `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  return {
    authorization: `${authority}/authorize`,
    token: `${authority}/token`,
    revocation: null,
    userinfo: "https://graph.microsoft.com/v1.0/me",
    apiBase: "https://graph.microsoft.com/v1.0",
  };
}

export interface MicrosoftProviderOptions extends ProviderRuntime {
  readonly clientId: string;
  /** Null for a public client (PKCE only). */
  readonly clientSecret: string | null;
  readonly redirectURI: string;
  /** Default `common`. */
  readonly tenant?: string;
  /** Override some or all endpoints (a fake, a national cloud). Default: Entra ID for the tenant, and Graph. */
  readonly endpoints?: Partial<ProviderEndpoints>;
  /** Default: `MICROSOFT_SCOPES` (`offline_access`, `Calendars.ReadWrite`, …). */
  readonly scopes?: readonly string[];
}

/** `https://graph.microsoft.com/Calendars.ReadWrite` → `Calendars.ReadWrite`. */
function normalizeScope(scope: string): string {
  return scope.startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope;
}

/**
 * Microsoft 365 / Outlook calendars through Entra ID v2 (arctic's `OAuth2Client`) and Microsoft Graph.
 * Refresh tokens rotate: every refresh returns a new one that replaces the old.
 */
export function microsoftProvider(options: MicrosoftProviderOptions): OAuthCalendarClient {
  const ctx = createHttpContext("microsoft", options);
  const endpoints: ProviderEndpoints = { ...entraEndpoints(options.tenant), ...options.endpoints };
  const scopes = options.scopes ?? MICROSOFT_SCOPES;
  const requiredScopes = MICROSOFT_REQUIRED_SCOPES;
  const engine = new OAuthEngine(ctx, {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectURI: options.redirectURI,
    endpoints,
  });

  const call = createApiCall(ctx, graphError);
  return {
    id: "microsoft",
    scopes,
    requiredScopes,
    endpoints,
    createAuthorizationURL(input) {
      const url = engine.authorizationURL(input.state, input.codeVerifier, input.scopes ?? scopes);
      if (input.loginHint !== undefined) url.searchParams.set("login_hint", input.loginHint);
      return url;
    },
    async exchangeCode(code, codeVerifier) {
      return toProviderTokens(
        await engine.exchangeCode(code, codeVerifier),
        ctx.now(),
        scopes,
        normalizeScope,
      );
    },
    async refresh(refreshToken) {
      return toProviderTokens(await engine.refresh(refreshToken, scopes), ctx.now(), scopes, normalizeScope);
    },
    // Entra ID has no revocation endpoint for delegated tokens; the kit erases them, and the user can
    // remove the app's consent in their account.
    revoke: async () => "unsupported",
    missingScopes(granted) {
      const lower = granted.map((scope) => normalizeScope(scope).toLowerCase());
      return requiredScopes.filter((scope) => !lower.includes(scope.toLowerCase()));
    },

    async getIdentity(accessToken) {
      const url = `${endpoints.userinfo}?$select=id,mail,userPrincipalName`;
      const body = await readJson(ctx, "me", await call("me", url, accessToken));
      const accountId = stringField(body, "id");
      const email = stringField(body, "mail") ?? stringField(body, "userPrincipalName");
      if (accountId === null || email === null) {
        throw new ProviderError("unavailable", {
          provider: ctx.provider,
          operation: "me",
          status: 200,
          providerCode: "malformed_response",
        });
      }
      return { accountId, email };
    },

    async listCalendars(accessToken) {
      const calendars: Calendar[] = [];
      let url: string | null =
        `${endpoints.apiBase}/me/calendars?$select=id,name,hexColor,isDefaultCalendar,canEdit&$top=100`;
      for (let page = 0; page < MAX_PAGES && url !== null; page++) {
        const body = await readJson(ctx, "calendars.list", await call("calendars.list", url, accessToken));
        for (const item of Array.isArray(body.value) ? body.value : []) {
          const calendar = toCalendar(asRecord(item));
          if (calendar !== null) calendars.push(calendar);
        }
        const next = stringField(body, "@odata.nextLink");
        // Only follow links back to the same API: the bearer token must not go anywhere else.
        url = next?.startsWith(`${endpoints.apiBase}/`) ? next : null;
      }
      return calendars;
    },

    ...graphEventsApi(ctx, endpoints.apiBase, call),
  };
}

/** Classifies a failed Graph response (`{ error: { code, message } }`). */
async function graphError(ctx: HttpContext, operation: string, response: Response): Promise<ProviderError> {
  const error = asRecord((await readJsonLenient(response))?.error);
  const code = stringField(error, "code");
  const insufficientScope =
    code === "ErrorAccessDenied" ||
    code === "Authorization_RequestDenied" ||
    (response.headers.get("www-authenticate") ?? "").includes("insufficient_scope");
  return new ProviderError(apiErrorKind(response.status, { rateLimited: false, insufficientScope }), {
    provider: ctx.provider,
    operation,
    status: response.status,
    providerCode: code,
    retryAfterMs: retryAfterMs(response, ctx.now()),
  });
}

function toCalendar(entry: Record<string, unknown> | null): Calendar | null {
  const id = stringField(entry, "id");
  if (entry === null || id === null) return null;
  const color = stringField(entry, "hexColor");
  return {
    id,
    name: stringField(entry, "name") ?? id,
    primary: entry.isDefaultCalendar === true,
    canWrite: entry.canEdit === true,
    timeZone: null,
    color: color === null || color === "" ? null : color,
  };
}
