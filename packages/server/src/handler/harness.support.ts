// Test support: the kit wired to a fake Google and Microsoft, memory storage, a manual clock and a cookie session.

import { Problem } from "@org/calendar-connections-core";
import {
  createFakeGoogle,
  createFakeMicrosoft,
  createManualClock,
  type FakeGoogle,
  type FakeMicrosoft,
  googleEndpoints,
  type ManualClock,
  microsoftEndpoints,
} from "@org/calendar-connections-testing";
import { parseTokenKeys } from "../crypto/keyring.ts";
import type { HostEventWithId } from "../events/types.ts";
import type { CalendarProvider } from "../providers/define.ts";
import { google as googleCalendar } from "../providers/google/index.ts";
import {
  googleServiceAccount,
  type ServiceAccountCalendarsSource,
} from "../providers/google-service-account/index.ts";
import { icsFeed } from "../providers/ics/index.ts";
import { microsoft as microsoftCalendar } from "../providers/microsoft/index.ts";
import { rsaKeyPairPem } from "../providers/test.support.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage } from "../storage/types.ts";
import { type CalendarConnections, createCalendarConnections } from "./create.ts";
import type { Logger } from "./logger.ts";
import type { Actor, CalendarConnectionsOptions } from "./options.ts";

export const APP = "https://app.test";
export const BASE = "/api/calendar-connections";
const TEST_KEY = Buffer.alloc(32, 7).toString("base64");

/** Seeded users: their memberships by organization, and the one active when the request names none. */
export const USERS = {
  alice: {
    userId: "user_alice",
    memberships: { org_acme: "admin", org_globex: "member" },
    active: "org_acme",
  },
  bob: { userId: "user_bob", memberships: { org_acme: "member" }, active: "org_acme" },
  carol: { userId: "user_carol", memberships: { org_globex: "admin" }, active: "org_globex" },
  /** An admin of two customer organizations (a consultant), who may connect one Google account in both. */
  dana: {
    userId: "user_dana",
    memberships: { org_acme: "admin", org_globex: "admin" },
    active: "org_acme",
  },
} as const;
export type UserName = keyof typeof USERS;

export interface Harness {
  readonly kit: CalendarConnections;
  readonly google: FakeGoogle;
  readonly microsoft: FakeMicrosoft;
  readonly storage: CalendarStorage;
  readonly clock: ManualClock;
  /** Every log line the kit wrote, as JSON text. */
  readonly logs: string[];
  readonly events: Map<string, HostEventWithId[]>;
  /** Every response the kit gave through `call` and `connect`: status, headers and body as text. */
  readonly transcript: string[];
  /** Sends a request as a signed-in user (or anonymously with `as: null`). */
  call(method: string, path: string, init?: CallInit): Promise<Response>;
  /** Runs start → consent at the fake → callback; returns the final redirect and the browser's cookie. */
  connect(as: UserName, options?: ConnectOptions): Promise<ConnectResult>;
}

export interface CallInit {
  readonly as?: UserName | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface ConnectOptions {
  /** Default `google`. */
  readonly provider?: "google" | "microsoft";
  readonly email?: string;
  readonly decision?: "allow" | "deny";
  readonly withhold?: readonly string[];
  readonly returnTo?: string;
  /** The organization to connect in, for a user in several. Default: the user's active one. */
  readonly organizationId?: string;
}

export interface ConnectResult {
  readonly response: Response;
  readonly location: URL;
  readonly authorizationURL: URL;
  readonly callbackURL: URL;
  readonly cookie: string;
}

function sessionOf(request: Request): UserName | null {
  const match = /(?:^|;\s*)session=(\w+)/.exec(request.headers.get("cookie") ?? "");
  const name = match?.[1];
  return name !== undefined && name in USERS ? (name as UserName) : null;
}

/** The host's session check: a user acts in a named organization only when a member of it. */
function authorize(request: Request, input: { organizationId: string | null }): Actor | null {
  const name = sessionOf(request);
  if (name === null) return null;
  const user = USERS[name];
  const memberships: Record<string, string> = user.memberships;
  const organizationId =
    input.organizationId !== null && input.organizationId in memberships ? input.organizationId : user.active;
  return { userId: user.userId, organizationId, role: memberships[organizationId] ?? "none" };
}

export interface HarnessSetup {
  /** Adds the legacy service account (impersonating ops@acme.test), known to the fake Google. */
  readonly serviceAccount?: boolean;
  /** The organizations opted into the service account. Default: none. */
  readonly serviceAccountEnabled?: (organizationId: string) => boolean;
  /** The service account's allow-list. Default: org_acme may use ops@acme.test's primary calendar. */
  readonly serviceAccountCalendars?: ServiceAccountCalendarsSource;
  /** Providers after the built-in ones (a host's own). */
  readonly extraProviders?: readonly CalendarProvider[];
}

export const SERVICE_ACCOUNT_EMAIL = "legacy-sync@acme-project.iam.gserviceaccount.com";

export async function createHarness(
  overrides: Partial<CalendarConnectionsOptions> = {},
  setup: HarnessSetup = {},
): Promise<Harness> {
  const keys = setup.serviceAccount ? await rsaKeyPairPem() : null;
  const clock = createManualClock(Date.UTC(2026, 10, 26, 9, 0, 0));
  const now = (): Date => new Date(clock.now());
  const google = createFakeGoogle({
    baseURL: "https://fake-google.test",
    now: clock.now,
    accounts: [
      { email: "alice@acme.test", id: "sub-alice" },
      { email: "ops@acme.test", id: "sub-ops", calendars: [{ name: "Ops", primary: true }] },
      { email: "carol@globex.test", id: "sub-carol" },
    ],
    ...(keys === null
      ? {}
      : {
          serviceAccounts: [
            { clientEmail: SERVICE_ACCOUNT_EMAIL, publicKeyPem: keys.publicPem, delegation: true },
          ],
        }),
  });
  const microsoft = createFakeMicrosoft({
    baseURL: "https://fake-microsoft.test",
    now: clock.now,
    accounts: [{ email: "alice@acme.test", id: "ms-alice" }],
  });
  const logs: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => {
    logs.push(JSON.stringify({ level, message, ...fields }));
  };
  const logger: Logger = { info: record("info"), warn: record("warn"), error: record("error") };
  const storage = createMemoryStorage({ now });
  const events = new Map<string, HostEventWithId[]>();
  const transcript: string[] = [];
  // Redirect URIs are left to the kit: it derives them from publicBaseURL and the base path.
  const providers: CalendarProvider[] = [
    googleCalendar({
      clientId: "client-1",
      clientSecret: "secret-1",
      endpoints: googleEndpoints("https://fake-google.test"),
      fetch: google.fetch,
      now,
      timeoutMs: 200,
    }),
    microsoftCalendar({
      clientId: "ms-client-1",
      clientSecret: "ms-secret-1",
      endpoints: microsoftEndpoints("https://fake-microsoft.test"),
      fetch: microsoft.fetch,
      now,
      timeoutMs: 200,
    }),
    icsFeed(),
    ...(keys === null
      ? []
      : [
          googleServiceAccount({
            key: { client_email: SERVICE_ACCOUNT_EMAIL, private_key: keys.privatePem, private_key_id: "k1" },
            subject: "ops@acme.test",
            endpoints: googleEndpoints("https://fake-google.test"),
            fetch: google.fetch,
            now,
            enabledFor: setup.serviceAccountEnabled ?? (() => false),
            calendars: setup.serviceAccountCalendars ?? { org_acme: ["ops@acme.test"] },
          }),
        ]),
    ...(setup.extraProviders ?? []),
  ];
  const kit = createCalendarConnections({
    storage,
    keyring: await parseTokenKeys(`k1:${TEST_KEY}`),
    providers,
    authorize,
    publicBaseURL: APP,
    logger,
    now,
    listEvents: async (organizationId) => events.get(organizationId) ?? [],
    getEvent: async (organizationId, eventId) =>
      (events.get(organizationId) ?? []).find((event) => event.id === eventId) ?? null,
    cronSecret: "cron-secret-for-tests",
    ...overrides,
  });

  async function call(method: string, path: string, init: CallInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const as = init.as === undefined ? "alice" : init.as;
    if (as !== null) headers.append("cookie", `session=${as}`);
    if (init.body !== undefined && !headers.has("content-type"))
      headers.set("content-type", "application/json");
    if (method !== "GET" && !headers.has("origin")) headers.set("origin", APP);
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body);
    return recorded(
      await kit.handler(
        new Request(`${APP}${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
      ),
    );
  }

  async function recorded(response: Response): Promise<Response> {
    const text = await response.clone().text();
    transcript.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
    return response;
  }

  async function connect(as: UserName, options: ConnectOptions = {}): Promise<ConnectResult> {
    const provider = options.provider ?? "google";
    const fake = provider === "google" ? google : microsoft;
    const started = await call("POST", `/oauth/${provider}/start`, {
      as,
      body: options.returnTo === undefined ? {} : { returnTo: options.returnTo },
      ...(options.organizationId === undefined
        ? {}
        : { headers: { "x-organization-id": options.organizationId } }),
    });
    if (started.status !== 200) throw new Error(`start answered ${started.status}: ${await started.text()}`);
    const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { authorizationURL } = (await started.json()) as { authorizationURL: string };
    const callbackURL = await fake.consent(authorizationURL, {
      email: options.email ?? "alice@acme.test",
      decision: options.decision ?? "allow",
      ...(options.withhold === undefined ? {} : { withhold: options.withhold }),
    });
    const response = await recorded(
      await kit.handler(new Request(callbackURL, { headers: { cookie: `session=${as}; ${cookie}` } })),
    );
    return {
      response,
      location: new URL(response.headers.get("location") ?? `${APP}/missing-location`),
      authorizationURL: new URL(authorizationURL),
      callbackURL,
      cookie,
    };
  }

  return { kit, google, microsoft, storage, clock, logs, events, transcript, call, connect };
}

/** The problem+json body of an error response, validated by core's schema. */
export async function problem(response: Response): Promise<Problem> {
  return Problem.parse(await response.json());
}
