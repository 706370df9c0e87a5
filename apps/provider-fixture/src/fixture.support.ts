// Test support: the kit mounted in a host app at https://app.test with only the fixture's two providers,
// oidc-provider and the Acme calendar API on loopback ports, memory storage and a signed-in admin.

import { StartOAuthResponse, type SyncRunResult } from "@org/calendar-connections-core";
import {
  type CalendarConnections,
  createCalendarConnections,
  createMemoryStorage,
  type HostEvent,
  type HostEventWithId,
  type Logger,
  parseTokenKeys,
} from "@org/calendar-connections-server";
import { basicAuthorization } from "./acme-api.ts";
import { acmeDav } from "./acme-form-provider.ts";
import { acmeCalendar } from "./acme-provider.ts";
import { type AuthorizationServer, startAuthorizationServer } from "./authorization-server.ts";
import { Browser, type Landing } from "./browser.support.ts";
import {
  type AcmeAccount,
  type CalendarApi,
  introspectToken,
  startCalendarApi,
  type TokenIntrospection,
} from "./calendar-api.ts";

export const APP = "https://app.test";
export const BASE = "/api/calendar-connections";
export const ORG = "org_acme";
export const RETURN_TO = "/admin/calendars";

/** Signs in at Acme with a password; connects through OAuth. Two calendars to write to, so the admin picks. */
export const ALICE = {
  id: "acct-alice",
  email: "alice@acme.test",
  password: "alice-signs-in",
  calendars: [
    { id: "work", name: "Work", primary: true },
    { id: "team", name: "Team events" },
    { id: "holidays", name: "Holidays", canWrite: false },
  ],
} as const satisfies AcmeAccount & { password: string };

/** Connects through the form with an app password. One calendar to write to, so it is taken at once. */
export const OPS = {
  id: "acct-ops",
  email: "ops@acme.test",
  password: "ops-signs-in",
  appPassword: "ops-app-password-7f3a9c51",
  calendars: [
    { id: "ops", name: "Ops" },
    { id: "holidays", name: "Holidays", canWrite: false },
  ],
} as const satisfies AcmeAccount & { password: string };

const CLIENT = { clientId: "kit-acme", clientSecret: "kit-acme-client-secret" };
const RESOURCE = {
  identifier: "urn:acme:calendar-api",
  scope: "calendar",
  clientId: "acme-calendar-api",
  clientSecret: "acme-calendar-api-secret",
};

/** A token endpoint answer as it crossed the wire. */
export interface TokenResponseRecord {
  readonly grantType: string | null;
  readonly status: number;
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  readonly scope: string | null;
}

export interface Fixture {
  readonly kit: CalendarConnections;
  readonly api: CalendarApi;
  readonly auth: AuthorizationServer;
  /** The admin's browser: signed in to the host app. */
  readonly browser: Browser;
  /** Every line the kit logged, as JSON. */
  readonly logs: string[];
  readonly tokenResponses: TokenResponseRecord[];
  /** The host saves one of its events (or deletes it, with `null`); then the worker runs one batch. */
  changeEvent(id: string, event: HostEvent | null): Promise<SyncRunResult>;
  /** A JSON request to the kit as the admin. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** From a consent URL: sign in at Acme (unless signed in), consent to `grant`, back through the callback. */
  consentAtAcme(authorizationURL: URL, grant: readonly string[]): Promise<Landing>;
  /** Start, then `consentAtAcme`: the consent URL and where the browser landed. */
  connectAcme(grant: readonly string[]): Promise<{ authorizationURL: URL; landing: Landing }>;
  /** Introspects a token at oidc-provider with the calendar API's credentials. */
  introspect(token: string): Promise<TokenIntrospection>;
  /** A refresh grant sent straight to oidc-provider as the kit's client: its status and error code. */
  refreshDirectly(refreshToken: string): Promise<{ status: number; error: string | null }>;
  close(): Promise<void>;
}

/** The prompt of the interaction page oidc-provider sent the browser to. */
async function promptOf(landing: Landing): Promise<string | null> {
  return field(await landing.response?.clone().json(), "prompt");
}

function field(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  const member: unknown = Reflect.get(value, key);
  return typeof member === "string" ? member : null;
}

/** Starts everything; call `close()` in `afterAll`. */
export async function startFixture(): Promise<Fixture> {
  const auth = await startAuthorizationServer({
    accounts: [ALICE, OPS],
    client: { ...CLIENT, redirectURI: `${APP}${BASE}/oauth/acme/callback` },
    resource: RESOURCE,
  });
  const api = await startCalendarApi({
    accounts: [ALICE, OPS],
    introspection: { endpoint: auth.endpoints.introspection, audience: RESOURCE.identifier, ...RESOURCE },
  });
  const tokenResponses: TokenResponseRecord[] = [];
  // The providers' fetch: the real one, with the token endpoint's answers noted on the way back.
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input) === auth.endpoints.token) {
      const sent = init?.body instanceof URLSearchParams ? init.body : new URLSearchParams();
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => null);
      tokenResponses.push({
        grantType: sent.get("grant_type"),
        status: response.status,
        accessToken: field(body, "access_token"),
        refreshToken: field(body, "refresh_token"),
        scope: field(body, "scope"),
      });
    }
    return response;
  };
  const logs: string[] = [];
  const line =
    (level: string) =>
    (message: string, fields?: object): void => {
      logs.push(JSON.stringify({ level, message, ...fields }));
    };
  const logger: Logger = { info: line("info"), warn: line("warn"), error: line("error") };
  const events = new Map<string, HostEventWithId>();
  const runtime = { fetch: recordingFetch, timeoutMs: 2_000 };
  const kit = createCalendarConnections({
    providers: [
      acmeCalendar({ ...CLIENT, endpoints: auth.endpoints, apiBaseURL: api.url, ...runtime }),
      // The form posts a loopback http URL in tests; a host would allow its customers' https servers only.
      acmeDav({ ...runtime, allowServer: (url) => url.origin === api.url }),
    ],
    storage: createMemoryStorage(),
    keyring: await parseTokenKeys(`k1:${Buffer.alloc(32, 9).toString("base64")}`),
    authorize: (request) =>
      /(?:^|;\s*)session=admin(?:;|$)/.test(request.headers.get("cookie") ?? "")
        ? { userId: "user_admin", organizationId: ORG, role: "admin" }
        : null,
    publicBaseURL: APP,
    basePath: BASE,
    logger,
    listEvents: async () => [...events.values()],
    getEvent: async (_organizationId, eventId) => events.get(eventId) ?? null,
  });
  const browser = new Browser({ origin: APP, basePath: BASE, handler: kit.handler });
  browser.setCookie(new URL(APP), "session=admin; Path=/; HttpOnly; Secure");

  const call = (method: string, path: string, body?: unknown): Promise<Response> =>
    browser.fetch(`${APP}${BASE}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });

  // Like an admin in a browser: signed in at Acme already (an earlier connect) goes straight to consent.
  async function consentAtAcme(authorizationURL: URL, grant: readonly string[]): Promise<Landing> {
    let page = await browser.go(authorizationURL);
    if ((await promptOf(page)) === "login") {
      page = await browser.submit(`${page.url.href}/login`, { email: ALICE.email, password: ALICE.password });
    }
    if ((await promptOf(page)) !== "consent")
      throw new Error(`expected the consent page at ${page.url.href}`);
    return browser.submit(`${page.url.href}/consent`, { scope: grant.join(" ") });
  }

  async function connectAcme(grant: readonly string[]): Promise<{ authorizationURL: URL; landing: Landing }> {
    const started = await call("POST", "/oauth/acme/start", { returnTo: RETURN_TO });
    const authorizationURL = new URL(StartOAuthResponse.parse(await started.json()).authorizationURL);
    return { authorizationURL, landing: await consentAtAcme(authorizationURL, grant) };
  }

  return {
    kit,
    api,
    auth,
    browser,
    logs,
    tokenResponses,
    async changeEvent(id, event) {
      if (event === null) events.delete(id);
      else events.set(id, { ...event, id });
      await kit.sync.enqueueEventSync({ organizationId: ORG, eventId: id });
      return kit.sync.processPendingCalendarSyncJobs();
    },
    call,
    consentAtAcme,
    connectAcme,
    introspect: (token) => introspectToken({ endpoint: auth.endpoints.introspection, ...RESOURCE }, token),
    async refreshDirectly(refreshToken) {
      const response = await fetch(auth.endpoints.token, {
        method: "POST",
        headers: {
          authorization: basicAuthorization(CLIENT.clientId, CLIENT.clientSecret),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
        signal: AbortSignal.timeout(2_000),
      });
      return { status: response.status, error: field(await response.json(), "error") };
    },
    async close() {
      await Promise.all([api.close(), auth.close()]);
    },
  };
}
