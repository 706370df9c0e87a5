import { createFakeMicrosoft, createManualClock } from "@org/calendar-connections-testing";
import { describe, expect, it } from "vitest";
import type { HostEvent } from "../../events/types.ts";
import { healthReasonFor } from "../errors.ts";
import { rejection } from "../test.support.ts";
import { entraEndpoints, microsoftProvider } from "./client.ts";

const VERIFIER = "ms-verifier-".repeat(5);
const EVENT: HostEvent = {
  title: "Sprint review",
  description: "Demo time",
  location: "Teams",
  start: new Date("2025-03-04T14:00:00Z"),
  end: new Date("2025-03-04T15:00:00Z"),
};

function setup() {
  const clock = createManualClock();
  const fake = createFakeMicrosoft({
    baseURL: "http://fake.test/ms",
    tenant: "contoso",
    clients: [{ clientId: "ms-client", clientSecret: "ms-secret", redirectURIs: ["https://app.test/ms/cb"] }],
    accounts: [
      { email: "ada@contoso.test" },
      { email: "upn@contoso.test", mail: null },
      { email: "ro@contoso.test", withholdScopes: ["Calendars.ReadWrite"] },
    ],
    now: clock.now,
  });
  const provider = microsoftProvider({
    clientId: "ms-client",
    clientSecret: "ms-secret",
    redirectURI: "https://app.test/ms/cb",
    tenant: "contoso",
    endpoints: fake.endpoints,
    fetch: fake.fetch,
    now: () => new Date(clock.now()),
    timeoutMs: 100,
  });
  const connect = async (email = "ada@contoso.test") => {
    const url = provider.createAuthorizationURL({ state: "state", codeVerifier: VERIFIER });
    const back = await fake.consent(url, { email });
    return provider.exchangeCode(back.searchParams.get("code") ?? "", VERIFIER);
  };
  return { clock, fake, provider, connect };
}

describe("microsoftProvider: OAuth", () => {
  it("defaults to Entra ID v2 for the common tenant and Graph", () => {
    const provider = microsoftProvider({
      clientId: "a",
      clientSecret: null,
      redirectURI: "https://app.test/cb",
    });
    expect(provider.endpoints).toEqual(entraEndpoints("common"));
    expect(provider.endpoints.token).toBe("https://login.microsoftonline.com/common/oauth2/v2.0/token");
    expect(provider.endpoints.apiBase).toBe("https://graph.microsoft.com/v1.0");
    const tenant = microsoftProvider({
      clientId: "a",
      clientSecret: null,
      redirectURI: "x:",
      tenant: "org-1",
    });
    expect(tenant.endpoints.authorization).toBe(
      "https://login.microsoftonline.com/org-1/oauth2/v2.0/authorize",
    );
  });

  it("builds the authorization URL with state, PKCE S256 and the catalog scopes including offline_access", () => {
    const { provider, fake } = setup();
    const url = provider.createAuthorizationURL({ state: "st", codeVerifier: VERIFIER });
    expect(`${url.origin}${url.pathname}`).toBe(fake.endpoints.authorization);
    expect(url.searchParams.get("scope")).toBe("offline_access Calendars.ReadWrite User.Read openid email");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe("st");
    expect(url.searchParams.get("redirect_uri")).toBe("https://app.test/ms/cb");
  });

  it("exchanges the code and normalizes Graph scopes", async () => {
    const { provider, connect, clock } = setup();
    const tokens = await connect();
    expect(tokens.refreshToken).not.toBeNull();
    expect(tokens.expiresAt.getTime()).toBe(clock.now() + 3600_000);
    expect(tokens.grantedScopes).toEqual([
      "offline_access",
      "Calendars.ReadWrite",
      "User.Read",
      "openid",
      "email",
    ]);
    expect(provider.missingScopes(tokens.grantedScopes)).toEqual([]);
    expect(provider.missingScopes(["calendars.readwrite"])).toEqual([]);
  });

  it("reports a grant without Calendars.ReadWrite", async () => {
    const { provider, connect } = setup();
    const tokens = await connect("ro@contoso.test");
    expect(provider.missingScopes(tokens.grantedScopes)).toEqual(["Calendars.ReadWrite"]);
  });

  it("returns the rotated refresh token and the old one then fails with invalid_grant", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    const rotated = await provider.refresh(tokens.refreshToken ?? "");
    expect(rotated.refreshToken).not.toBeNull();
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    const reuse = await rejection(provider.refresh(tokens.refreshToken ?? ""));
    expect(reuse).toMatchObject({ kind: "invalid_grant", status: 400 });
    expect(healthReasonFor(reuse)).toBe("token_revoked");
    expect(reuse.message).not.toContain(tokens.refreshToken ?? "");
    expect((await provider.refresh(rotated.refreshToken ?? "")).accessToken).toBeTruthy();
    expect(fake.callCount("token.refresh_token")).toBe(3);
  });

  it("has nothing to revoke at Microsoft; a grant revoked by the user fails the next refresh", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    expect(await provider.revoke(tokens.refreshToken ?? "")).toBe("unsupported");
    fake.revokeGrants("ada@contoso.test");
    expect((await rejection(provider.refresh(tokens.refreshToken ?? ""))).kind).toBe("invalid_grant");
    expect((await rejection(provider.getIdentity(tokens.accessToken))).kind).toBe("unauthorized");
  });

  it("reads the identity from /me (mail, else userPrincipalName)", async () => {
    const { provider, connect, fake } = setup();
    expect(await provider.getIdentity((await connect()).accessToken)).toEqual({
      accountId: fake.account("ada@contoso.test")?.id,
      email: "ada@contoso.test",
    });
    expect((await provider.getIdentity((await connect("upn@contoso.test")).accessToken)).email).toBe(
      "upn@contoso.test",
    );
  });
});

describe("microsoftProvider: calendars and events", () => {
  it("maps /me/calendars (isDefaultCalendar, canEdit, hexColor) across pages", async () => {
    const { provider, connect, fake } = setup();
    fake.addCalendar("ada@contoso.test", { name: "Shared", accessRole: "reader" });
    for (let i = 0; i < 120; i++)
      fake.addCalendar("ada@contoso.test", { name: `Room ${i}`, accessRole: "writer" });
    const calendars = await provider.listCalendars((await connect()).accessToken);
    expect(calendars).toHaveLength(123);
    expect(calendars.slice(0, 3)).toEqual([
      expect.objectContaining({
        name: "ada@contoso.test",
        primary: true,
        canWrite: true,
        color: null,
        timeZone: null,
      }),
      expect.objectContaining({ name: "Team events", primary: false, canWrite: true, color: "#0b8043" }),
      expect.objectContaining({ name: "Shared", canWrite: false }),
    ]);
    expect(fake.callCount("calendars.list")).toBe(2);
  });

  it("creates with a transactionId (a retry does not double), updates and deletes (404 = already gone)", async () => {
    const { provider, connect, fake } = setup();
    const { accessToken } = await connect();
    const calendarId = fake.account("ada@contoso.test")?.calendars[1]?.id ?? "";
    const input = { calendarId, connectionId: "conn_9", eventId: "evt_9", event: EVENT };
    const first = await provider.upsertEvent(accessToken, input);
    expect(first.created).toBe(true);
    expect(first.etag).toMatch(/^W\//);
    const stored = fake.events("ada@contoso.test", calendarId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.resource).toMatchObject({
      subject: "Sprint review",
      start: { dateTime: "2025-03-04T14:00:00.000", timeZone: "UTC" },
      isAllDay: false,
    });

    // A retry (e.g. after a crash before the link was stored) finds the first event and brings it up to date.
    const retry = await provider.upsertEvent(accessToken, {
      ...input,
      event: { ...EVENT, title: "Sprint review (v2)" },
    });
    expect(retry).toMatchObject({ externalId: first.externalId, created: false });
    expect(fake.events("ada@contoso.test", calendarId)).toHaveLength(1);
    expect(fake.events("ada@contoso.test", calendarId)[0]?.resource.subject).toBe("Sprint review (v2)");
    const same = await provider.upsertEvent(accessToken, {
      ...input,
      event: { ...EVENT, title: "Sprint review (v2)" },
    });
    expect(same).toMatchObject({ externalId: first.externalId, created: true });
    expect(fake.callCount("events.update")).toBe(1);

    const allDay = await provider.updateEvent(accessToken, {
      calendarId,
      externalId: first.externalId,
      event: {
        ...EVENT,
        allDay: true,
        timeZone: "Europe/Berlin",
        start: new Date("2025-03-04T00:00:00Z"),
        end: new Date("2025-03-05T00:00:00Z"),
      },
    });
    expect(allDay.created).toBe(false);
    expect(fake.events("ada@contoso.test", calendarId)[0]?.resource).toMatchObject({
      isAllDay: true,
      // Graph's zone names are Windows names.
      start: { dateTime: "2025-03-04T00:00:00", timeZone: "W. Europe Standard Time" },
    });

    expect(await provider.deleteEvent(accessToken, { calendarId, externalId: first.externalId })).toEqual({
      alreadyGone: false,
    });
    expect(await provider.deleteEvent(accessToken, { calendarId, externalId: first.externalId })).toEqual({
      alreadyGone: true,
    });
    const missing = await rejection(
      provider.updateEvent(accessToken, { calendarId, externalId: first.externalId, event: EVENT }),
    );
    expect(missing.kind).toBe("not_found");
  });

  it("reports calendar_not_found for a deleted calendar and insufficient_scope without write access", async () => {
    const { provider, connect, fake } = setup();
    const { accessToken } = await connect();
    const calendarId = fake.account("ada@contoso.test")?.calendars[1]?.id ?? "";
    fake.deleteCalendar("ada@contoso.test", calendarId);
    const gone = await rejection(
      provider.upsertEvent(accessToken, { calendarId, connectionId: "c", eventId: "e", event: EVENT }),
    );
    expect(gone).toMatchObject({
      kind: "calendar_not_found",
      status: 404,
      providerCode: "ErrorItemNotFound",
    });

    const readOnly = await connect("ro@contoso.test");
    const primary = fake.account("ro@contoso.test")?.calendars[0]?.id ?? "";
    const denied = await rejection(
      provider.upsertEvent(readOnly.accessToken, {
        calendarId: primary,
        connectionId: "c",
        eventId: "e",
        event: EVENT,
      }),
    );
    expect(denied).toMatchObject({ kind: "insufficient_scope", status: 403 });
  });
});

describe("microsoftProvider: error classification", () => {
  it("classifies 401, 429 + Retry-After, 503 and a timeout", async () => {
    const { provider, connect, fake, clock } = setup();
    const { accessToken } = await connect();
    fake.setRateLimit({ requests: 0, windowMs: 4000 }, "ada@contoso.test");
    expect(await rejection(provider.listCalendars(accessToken))).toMatchObject({
      kind: "rate_limited",
      status: 429,
      retryAfterMs: 4000,
    });
    fake.setRateLimit(null, "ada@contoso.test");
    fake.injectFault("api", { kind: "server_error" });
    expect(await rejection(provider.listCalendars(accessToken))).toMatchObject({
      kind: "unavailable",
      status: 503,
    });
    fake.injectFault("api", { kind: "timeout" });
    expect(await rejection(provider.listCalendars(accessToken))).toMatchObject({
      kind: "unavailable",
      providerCode: "timeout",
    });
    clock.advance(3600_000);
    expect(await rejection(provider.listCalendars(accessToken))).toMatchObject({
      kind: "unauthorized",
      providerCode: "InvalidAuthenticationToken",
    });
  });

  it("classifies token endpoint 500, truncated JSON and a hang", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    fake.failNextTokenCall("server_error");
    expect(await rejection(provider.refresh(tokens.refreshToken ?? ""))).toMatchObject({
      kind: "unavailable",
      status: 500,
    });
    fake.failNextTokenCall("truncated_json");
    expect(await rejection(provider.refresh(tokens.refreshToken ?? ""))).toMatchObject({
      kind: "unavailable",
    });
    fake.failNextTokenCall("timeout");
    expect(await rejection(provider.refresh(tokens.refreshToken ?? ""))).toMatchObject({
      providerCode: "timeout",
    });
    // None of the failed attempts consumed the refresh token.
    expect((await provider.refresh(tokens.refreshToken ?? "")).refreshToken).not.toBeNull();
  });
});
