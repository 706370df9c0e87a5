import { describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import { AuditEntry, AuditList } from "./audit.ts";
import { Calendar, CalendarList } from "./calendar.ts";
import { Connection, ConnectionList } from "./connection.ts";
import { toFieldIssues } from "./issues.ts";
import { Problem } from "./problem.ts";
import { Provider, ProviderList } from "./provider.ts";
import { CallbackQuery, CreateConnectionBody, StartOAuthBody, UpdateConnectionBody } from "./requests.ts";
import {
  CreateConnectionResponse,
  OAuthReturn,
  RequeueDeadLettersResponse,
  StartOAuthResponse,
} from "./responses.ts";
import { DeadLetterList, SyncRunResult } from "./sync.ts";
import { isProviderId } from "./vocabulary.ts";

const connection: Connection = {
  id: "conn_01",
  organizationId: "org_acme",
  provider: "google",
  status: "needs_reauth",
  health: { reason: "token_revoked", message: "Access was revoked.", retryAt: null },
  accountEmail: "alice@acme.test",
  calendarId: "primary",
  calendarName: "Alice",
  scopes: ["https://www.googleapis.com/auth/calendar.events", "openid", "email"],
  lastSyncedAt: "2026-11-26T09:30:00.000Z",
  createdAt: "2026-11-20T08:00:00Z",
  updatedAt: "2026-11-26T10:30:00+01:00",
  createdBy: "user_alice",
};

const provider: Provider = {
  id: "microsoft",
  name: "Microsoft Outlook",
  description: "Sync events into a Microsoft 365 calendar.",
  capabilities: { calendarPicker: true, multiplePerOrganization: false, writesEvents: true },
  icon: { type: "key", key: "microsoft" },
  connect: { kind: "oauth" },
  configured: true,
  enabled: true,
};

const calendar: Calendar = {
  id: "team@group.calendar.google.com",
  name: "Team",
  primary: false,
  canWrite: true,
  timeZone: "Europe/Berlin",
  color: "#4285f4",
};

const auditEntry: AuditEntry = {
  id: "audit_1",
  organizationId: "org_acme",
  connectionId: "conn_01",
  actorId: "user_alice",
  action: "connection.calendar_selected",
  at: "2026-11-26T09:30:00.000Z",
  details: { calendarId: "primary", previous: null, attempts: 2, replaced: false },
};

/** Valid bodies of every route, each with the schema that must accept it unchanged. */
const validBodies: Array<[string, z.ZodMiniType, unknown]> = [
  ["Connection", Connection, connection],
  [
    "Connection (disconnected, no calendar yet)",
    Connection,
    {
      ...connection,
      status: "disconnected",
      health: null,
      accountEmail: null,
      calendarId: null,
      calendarName: null,
      lastSyncedAt: null,
      createdBy: null,
    },
  ],
  ["ConnectionList", ConnectionList, { connections: [connection] }],
  ["Provider", Provider, provider],
  ["ProviderList", ProviderList, { providers: [provider] }],
  [
    "Provider (form, inline SVG icon)",
    Provider,
    {
      ...provider,
      id: "caldav-fastmail",
      icon: { type: "svg", svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>' },
      connect: {
        kind: "form",
        submitLabel: "Connect",
        fields: [
          { name: "username", label: "Email", type: "email", required: true, autoComplete: "username" },
          { name: "password", label: "App password", type: "secret", required: true, help: "Create one." },
          {
            name: "region",
            label: "Region",
            type: "select",
            required: false,
            options: [{ value: "eu", label: "Europe" }],
            defaultValue: "eu",
          },
        ],
      },
    },
  ],
  ["Provider (instant)", Provider, { ...provider, connect: { kind: "instant", actionLabel: "Create link" } }],
  ["Calendar", Calendar, calendar],
  [
    "CalendarList",
    CalendarList,
    { calendars: [calendar, { ...calendar, id: "primary", primary: true, timeZone: null, color: null }] },
  ],
  ["AuditEntry", AuditEntry, auditEntry],
  [
    "AuditList",
    AuditList,
    { entries: [auditEntry, { ...auditEntry, actorId: null, connectionId: null, details: {} }] },
  ],
  [
    "Problem",
    Problem,
    {
      type: "urn:calendar-connections:problem:validation_failed",
      title: "Invalid",
      status: 400,
      code: "validation_failed",
      detail: "calendarId is required",
      errors: [{ path: "calendarId", message: "Required" }],
    },
  ],
  ["StartOAuthBody (empty)", StartOAuthBody, {}],
  ["StartOAuthBody", StartOAuthBody, { returnTo: "/admin/integrations/calendars?x=1" }],
  [
    "StartOAuthResponse",
    StartOAuthResponse,
    { authorizationURL: "https://accounts.google.com/o/oauth2/v2/auth?state=abc" },
  ],
  ["CallbackQuery (code)", CallbackQuery, { state: "s", code: "c", scope: "openid email" }],
  ["CallbackQuery (error)", CallbackQuery, { state: "s", error: "access_denied" }],
  ["UpdateConnectionBody", UpdateConnectionBody, { calendarId: "primary" }],
  ["CreateConnectionBody (instant)", CreateConnectionBody, { provider: "ics" }],
  [
    "CreateConnectionBody (form)",
    CreateConnectionBody,
    { provider: "google-service-account", input: { calendarId: "ops@group.calendar.google.com" } },
  ],
  [
    "CreateConnectionResponse",
    CreateConnectionResponse,
    {
      connection: { ...connection, provider: "ics" },
      feedUrl: "https://app.test/api/calendar-connections/feeds/abc.ics",
    },
  ],
  [
    "SyncRunResult",
    SyncRunResult,
    { claimed: 3, succeeded: 2, retried: 1, deadLettered: 0, parked: 0, durationMs: 12.5 },
  ],
  [
    "DeadLetterList",
    DeadLetterList,
    {
      deadLetters: [
        {
          id: "job_1",
          connectionId: "conn_01",
          eventId: "evt_9",
          attempts: 8,
          lastError: "google events.insert failed: unavailable (HTTP 503)",
          failedAt: "2026-11-26T09:30:00.000Z",
        },
      ],
    },
  ],
  ["RequeueDeadLettersResponse", RequeueDeadLettersResponse, { requeued: 3 }],
  ["RequeueDeadLettersResponse (none)", RequeueDeadLettersResponse, { requeued: 0 }],
  ["OAuthReturn (connected)", OAuthReturn, { calendarConnection: "connected", connectionId: "conn_01" }],
  ["OAuthReturn (error)", OAuthReturn, { calendarConnection: "error", code: "oauth_denied" }],
];

describe("schemas accept every valid body unchanged", () => {
  it.each(validBodies)("%s", (_name, schema, body) => {
    const result = schema.safeParse(body);
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(body);
    // A JSON round trip (what the wire does) parses to the same value.
    expect(schema.parse(JSON.parse(JSON.stringify(body)))).toEqual(body);
  });
});

/** Malformed bodies, each with the schema that must refuse it. */
const invalidBodies: Array<[string, z.ZodMiniType, unknown]> = [
  ["Connection: unknown status", Connection, { ...connection, status: "paused" }],
  ["Connection: malformed provider id", Connection, { ...connection, provider: "Yahoo Mail" }],
  ["Connection: provider id too long", Connection, { ...connection, provider: `p${"a".repeat(32)}` }],
  [
    "Connection: unknown health reason",
    Connection,
    { ...connection, health: { reason: "tired", message: "", retryAt: null } },
  ],
  ["Connection: id of wrong type", Connection, { ...connection, id: 42 }],
  ["Connection: empty id", Connection, { ...connection, id: "" }],
  ["Connection: timestamp not ISO", Connection, { ...connection, createdAt: "yesterday" }],
  ["Connection: timestamp without offset", Connection, { ...connection, createdAt: "2026-11-26 09:30" }],
  ["Connection: scopes not a list", Connection, { ...connection, scopes: "openid email" }],
  ["Connection: missing field", Connection, (({ status: _status, ...rest }) => rest)(connection)],
  ["Connection: oversized email", Connection, { ...connection, accountEmail: `${"a".repeat(320)}@x.test` }],
  ["Provider: capabilities missing a flag", Provider, { ...provider, capabilities: { writesEvents: true } }],
  ["Provider: unknown connect kind", Provider, { ...provider, connect: { kind: "magic" } }],
  [
    "Provider: form field of unknown type",
    Provider,
    {
      ...provider,
      connect: { kind: "form", fields: [{ name: "a", label: "A", type: "date", required: true }] },
    },
  ],
  [
    "Provider: form field name that is not an identifier",
    Provider,
    {
      ...provider,
      connect: { kind: "form", fields: [{ name: "a b", label: "A", type: "text", required: true }] },
    },
  ],
  [
    "Provider: icon of unknown type",
    Provider,
    { ...provider, icon: { type: "url", url: "https://x.test/a.png" } },
  ],
  ["Calendar: canWrite as string", Calendar, { ...calendar, canWrite: "yes" }],
  ["AuditEntry: unknown action", AuditEntry, { ...auditEntry, action: "connection.deleted" }],
  ["AuditEntry: nested object in details", AuditEntry, { ...auditEntry, details: { token: { value: "x" } } }],
  ["Problem: unknown code", Problem, { type: "x", title: "x", status: 400, code: "oops" }],
  ["Problem: status not an error", Problem, { type: "x", title: "x", status: 200, code: "not_found" }],
  ["StartOAuthBody: unknown key", StartOAuthBody, { returnTo: "/", redirectUri: "https://evil.test" }],
  ["StartOAuthBody: absolute returnTo", StartOAuthBody, { returnTo: "https://evil.test/" }],
  ["StartOAuthBody: protocol-relative returnTo", StartOAuthBody, { returnTo: "//evil.test" }],
  ["StartOAuthBody: returnTo of wrong type", StartOAuthBody, { returnTo: ["/"] }],
  ["StartOAuthBody: not an object", StartOAuthBody, "/admin"],
  ["StartOAuthResponse: javascript URL", StartOAuthResponse, { authorizationURL: "javascript:alert(1)" }],
  ["CallbackQuery: no state", CallbackQuery, { code: "c" }],
  ["CallbackQuery: neither code nor error", CallbackQuery, { state: "s" }],
  ["CallbackQuery: both code and error", CallbackQuery, { state: "s", code: "c", error: "access_denied" }],
  ["CallbackQuery: oversized code", CallbackQuery, { state: "s", code: "c".repeat(4097) }],
  ["UpdateConnectionBody: missing calendarId", UpdateConnectionBody, {}],
  ["UpdateConnectionBody: empty calendarId", UpdateConnectionBody, { calendarId: "" }],
  ["UpdateConnectionBody: oversized calendarId", UpdateConnectionBody, { calendarId: "c".repeat(1025) }],
  ["UpdateConnectionBody: calendarId of wrong type", UpdateConnectionBody, { calendarId: 7 }],
  ["UpdateConnectionBody: unknown key", UpdateConnectionBody, { calendarId: "primary", status: "active" }],
  ["UpdateConnectionBody: null", UpdateConnectionBody, null],
  ["CreateConnectionBody: malformed provider id", CreateConnectionBody, { provider: "../oauth" }],
  ["CreateConnectionBody: unknown key", CreateConnectionBody, { provider: "ics", calendarId: "x" }],
  [
    "CreateConnectionBody: input value not a string",
    CreateConnectionBody,
    { provider: "caldav", input: { port: 443 } },
  ],
  [
    "CreateConnectionBody: oversized input value",
    CreateConnectionBody,
    { provider: "caldav", input: { key: "k".repeat(16 * 1024 + 1) } },
  ],
  [
    "SyncRunResult: negative count",
    SyncRunResult,
    { claimed: -1, succeeded: 0, retried: 0, deadLettered: 0, parked: 0, durationMs: 0 },
  ],
  [
    "SyncRunResult: fractional count",
    SyncRunResult,
    { claimed: 1.5, succeeded: 0, retried: 0, deadLettered: 0, parked: 0, durationMs: 0 },
  ],
  [
    "DeadLetterList: attempts as a string",
    DeadLetterList,
    {
      deadLetters: [
        {
          id: "j",
          connectionId: "c",
          eventId: "e",
          attempts: "8",
          lastError: null,
          failedAt: "2026-11-26T09:30:00Z",
        },
      ],
    },
  ],
  ["RequeueDeadLettersResponse: negative count", RequeueDeadLettersResponse, { requeued: -1 }],
  ["RequeueDeadLettersResponse: count as a string", RequeueDeadLettersResponse, { requeued: "3" }],
  ["RequeueDeadLettersResponse: missing count", RequeueDeadLettersResponse, {}],
  ["OAuthReturn: unknown outcome", OAuthReturn, { calendarConnection: "maybe" }],
  [
    "OAuthReturn: error with a code the callback never sends",
    OAuthReturn,
    { calendarConnection: "error", code: "forbidden" },
  ],
];

describe("schemas refuse malformed bodies", () => {
  it.each(invalidBodies)("%s", (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(false);
  });
});

describe("response schemas stay open to fields a newer server adds", () => {
  it("keeps parsing and drops the unknown field", () => {
    const parsed = Connection.parse({ ...connection, syncedEventCount: 12 });
    expect(parsed).toEqual(connection);
  });
});

describe("toFieldIssues", () => {
  it("names each invalid field by its path", () => {
    const result = UpdateConnectionBody.safeParse({ calendarId: "" });
    expect(result.success).toBe(false);
    const issues = toFieldIssues(result.error as z.core.$ZodError);
    expect(issues).toEqual([{ path: "calendarId", message: expect.any(String) }]);
  });

  it("writes array indexes in brackets", () => {
    const result = ConnectionList.safeParse({ connections: [{ ...connection, status: "paused" }] });
    expect(toFieldIssues(result.error as z.core.$ZodError)[0]?.path).toBe("connections[0].status");
  });
});

describe("provider ids", () => {
  it.each(["google", "ics", "google-service-account", "caldav-icloud", "a1"])("accepts %j", (id) => {
    expect(isProviderId(id)).toBe(true);
  });
  it.each(["", "g", "Google", "1cal", "cal dav", "cal_dav", "../x", `a${"b".repeat(32)}`])(
    "refuses %j",
    (id) => {
      expect(isProviderId(id)).toBe(false);
    },
  );
});
