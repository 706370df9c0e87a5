import {
  type Calendar,
  type Connection,
  PROVIDERS,
  type Provider,
  type ProviderId,
} from "@org/calendar-connections-core";

/** The clock stories and tests are read against: relative dates stay the same on every run. */
export const FIXED_NOW = new Date("2026-11-26T10:00:00.000Z");

const minutesAgo = (minutes: number): string =>
  new Date(FIXED_NOW.getTime() - minutes * 60_000).toISOString();
const minutesAhead = (minutes: number): string =>
  new Date(FIXED_NOW.getTime() + minutes * 60_000).toISOString();

/** `GET /providers` as a server with Google, Microsoft and ICS configured would answer it. */
export function fixtureProviders(
  overrides: Partial<Record<ProviderId, Partial<Pick<Provider, "configured" | "enabled">>>> = {},
): Provider[] {
  return PROVIDERS.map((entry) => ({
    id: entry.id,
    name: entry.name,
    description: entry.description,
    capabilities: { ...entry.capabilities },
    iconKey: entry.iconKey,
    configured: true,
    enabled: !entry.optIn,
    ...overrides[entry.id],
  }));
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
