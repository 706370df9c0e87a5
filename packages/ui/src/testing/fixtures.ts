import type { Calendar, Connection, FormField, Provider, ProviderId } from "@org/calendar-connections-core";

/** The clock stories and tests are read against: relative dates stay the same on every run. */
export const FIXED_NOW = new Date("2026-11-26T10:00:00.000Z");

const minutesAgo = (minutes: number): string =>
  new Date(FIXED_NOW.getTime() - minutes * 60_000).toISOString();
const minutesAhead = (minutes: number): string =>
  new Date(FIXED_NOW.getTime() + minutes * 60_000).toISOString();

const WRITES = { calendarPicker: true, multiplePerOrganization: false, writesEvents: true };

/** The built-in providers as a server registering them would serve them, in page order. */
const BUILT_IN_PROVIDERS: readonly Provider[] = [
  {
    id: "google",
    name: "Google Calendar",
    description: "Sync events into a Google Workspace or Gmail calendar.",
    capabilities: WRITES,
    icon: { type: "key", key: "google" },
    connect: { kind: "oauth" },
    configured: true,
    enabled: true,
  },
  {
    id: "microsoft",
    name: "Microsoft Outlook",
    description: "Sync events into a Microsoft 365 or Outlook.com calendar.",
    capabilities: WRITES,
    icon: { type: "key", key: "microsoft" },
    connect: { kind: "oauth" },
    configured: true,
    enabled: true,
  },
  {
    id: "ics",
    name: "Calendar feed (ICS)",
    description: "A private iCalendar link any calendar app can subscribe to.",
    capabilities: { calendarPicker: false, multiplePerOrganization: false, writesEvents: false },
    icon: { type: "key", key: "ics" },
    connect: { kind: "instant", actionLabel: "Create feed link" },
    configured: true,
    enabled: true,
  },
  {
    id: "google-service-account",
    name: "Google service account (legacy)",
    description: "Sync through the operator's shared service account into a calendar id you enter.",
    capabilities: { ...WRITES, calendarPicker: false },
    icon: { type: "key", key: "google-service-account" },
    connect: {
      kind: "form",
      submitLabel: "Connect calendar",
      fields: [
        {
          name: "calendarId",
          label: "Calendar id",
          type: "text",
          required: true,
          help: "Share the calendar with the service account, then paste its id.",
          placeholder: "team@example.com",
          maxLength: 1024,
          autoComplete: "off",
        },
      ],
    },
    configured: true,
    // Opt-in: offered only to organizations that asked for it.
    enabled: false,
  },
];

/**
 * `GET /providers` as a server registering Google, Microsoft, an ICS feed and the (opt-in) legacy service
 * account would answer it; `overrides` change single providers by id.
 */
export function fixtureProviders(
  overrides: Readonly<Record<ProviderId, Partial<Provider>>> = {},
): Provider[] {
  return BUILT_IN_PROVIDERS.map((provider) => ({ ...structuredClone(provider), ...overrides[provider.id] }));
}

const ACME_MARK =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="#7c3aed"/><path d="M7 17.5 12 6.5l5 11M8.8 13.5h6.4" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/**
 * A provider the kit has never heard of: a host's CalDAV-style `form` provider with an inline SVG mark and
 * three fields (server URL, username, app password).
 */
export function fixtureHostFormProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    id: "acme-calendar",
    name: "Acme Calendar",
    description: "Sync events into an Acme Calendar account with an app password.",
    capabilities: WRITES,
    icon: { type: "svg", svg: ACME_MARK },
    connect: {
      kind: "form",
      submitLabel: "Verify and connect",
      fields: [
        {
          name: "serverUrl",
          label: "Server URL",
          type: "url",
          required: true,
          placeholder: "https://dav.acme.example",
          help: "Shown under Settings → Sync in Acme Calendar.",
          maxLength: 2048,
          autoComplete: "url",
        },
        { name: "username", label: "Username", type: "email", required: true, autoComplete: "username" },
        {
          name: "appPassword",
          label: "App password",
          type: "secret",
          required: true,
          help: "Create one under Security → App passwords. Your sign-in password is never needed.",
          maxLength: 64,
        },
      ],
    },
    configured: true,
    enabled: true,
    ...overrides,
  };
}

/** One field of every type a `form` provider can ask for, required and optional ones, one with a default. */
export const FIXTURE_FORM_FIELDS: readonly FormField[] = [
  { name: "name", label: "Display name", type: "text", required: false, defaultValue: "Team calendar" },
  { name: "email", label: "Account email", type: "email", required: true, autoComplete: "email" },
  { name: "url", label: "Server URL", type: "url", required: false, help: "Leave empty for the default." },
  { name: "token", label: "API token", type: "secret", required: true },
  {
    name: "region",
    label: "Data region",
    type: "select",
    required: true,
    options: [
      { value: "eu", label: "Europe" },
      { value: "us", label: "United States" },
    ],
  },
  {
    name: "key",
    label: "Service account key (JSON)",
    type: "textarea",
    required: false,
    help: "Paste the file.",
  },
];

/** A host's OAuth provider whose icon key the kit has no mark for: it shows the neutral fallback. */
export function fixtureHostOAuthProvider(overrides: Partial<Provider> = {}): Provider {
  return {
    id: "zoho-calendar",
    name: "Zoho Calendar",
    description: "Sync events into a Zoho Calendar of your organization.",
    capabilities: WRITES,
    icon: { type: "key", key: "zoho" },
    connect: { kind: "oauth" },
    configured: true,
    enabled: true,
    ...overrides,
  };
}

/** A healthy Google connection, changed by `overrides`. */
export function fixtureConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: "conn_google",
    organizationId: "org_acme",
    provider: "google",
    status: "active",
    health: null,
    accountEmail: "ops@acme.example",
    calendarId: "team@group.calendar.google.com",
    calendarName: "Team events",
    scopes: ["https://www.googleapis.com/auth/calendar.events", "openid", "email"],
    lastSyncedAt: minutesAgo(5),
    createdAt: "2026-11-20T08:00:00.000Z",
    updatedAt: minutesAgo(5),
    createdBy: "user_alice",
    ...overrides,
  };
}

/** Every status a connection can be in, as the status panel shows it. */
export const CONNECTION_FIXTURES = {
  connected: fixtureConnection(),
  needsReauth: fixtureConnection({
    id: "conn_reauth",
    status: "needs_reauth",
    health: { reason: "token_revoked", message: "Access was revoked.", retryAt: null },
    lastSyncedAt: minutesAgo(60 * 26),
  }),
  syncFailing: fixtureConnection({
    id: "conn_failing",
    provider: "microsoft",
    accountEmail: "calendar@acme.example",
    calendarId: "AAMkAGI2",
    calendarName: "Company calendar",
    status: "error",
    health: { reason: "provider_unavailable", message: "Microsoft answered 503.", retryAt: minutesAhead(10) },
    lastSyncedAt: minutesAgo(45),
  }),
  disconnected: fixtureConnection({
    id: "conn_gone",
    status: "disconnected",
    lastSyncedAt: minutesAgo(60 * 24 * 3),
  }),
  noCalendar: fixtureConnection({ id: "conn_new", calendarId: null, calendarName: null, lastSyncedAt: null }),
  hostForm: fixtureConnection({
    id: "conn_acme",
    provider: "acme-calendar",
    accountEmail: "ops@acme.example",
    calendarId: "work",
    calendarName: "Work",
    scopes: [],
    status: "needs_reauth",
    health: { reason: "token_revoked", message: "The app password was revoked.", retryAt: null },
    lastSyncedAt: minutesAgo(60 * 5),
  }),
  feed: fixtureConnection({
    id: "conn_feed",
    provider: "ics",
    accountEmail: null,
    calendarId: null,
    calendarName: null,
    scopes: [],
    lastSyncedAt: minutesAgo(2),
  }),
} satisfies Record<string, Connection>;

/** The calendars of a Google account: one primary, two shared, one read-only. */
export const FIXTURE_CALENDARS: Calendar[] = [
  {
    id: "ops@acme.example",
    name: "ops@acme.example",
    primary: true,
    canWrite: true,
    timeZone: "Europe/Berlin",
    color: "#4285f4",
  },
  {
    id: "team@group.calendar.google.com",
    name: "Team events",
    primary: false,
    canWrite: true,
    timeZone: "Europe/Berlin",
    color: "#33b679",
  },
  {
    id: "oncall@group.calendar.google.com",
    name: "On-call rota",
    primary: false,
    canWrite: true,
    timeZone: null,
    color: "#f4511e",
  },
  {
    id: "en.german#holiday@group.v.calendar.google.com",
    name: "Holidays in Germany",
    primary: false,
    canWrite: false,
    timeZone: null,
    color: "#8e24aa",
  },
];
