import { createFakeGoogle, createManualClock } from "@org/calendar-connections-testing";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import type { HostEvent } from "../../events/types.ts";
import { healthReasonFor } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import { rejection } from "../test.support.ts";
import { GOOGLE_ENDPOINTS, googleProvider } from "./client.ts";

const CLIENT = {
  clientId: "google-client",
  clientSecret: "google-secret",
  redirectURIs: ["https://app.test/cb"],
};
const VERIFIER = "verifier-".repeat(6);
const EVENTS_SCOPE = "https://www.googleapis.com/auth/calendar.events";
const EVENT: HostEvent = {
  title: "Board meeting",
  description: "Quarterly",
  location: "Room 1",
  start: new Date("2025-02-03T10:00:00Z"),
  end: new Date("2025-02-03T11:00:00Z"),
  timeZone: "Europe/Berlin",
};

function setup() {
  const clock = createManualClock();
  const fake = createFakeGoogle({
    baseURL: "http://fake.test/google",
    clients: [CLIENT],
    accounts: [{ email: "ada@acme.test" }, { email: "eve@acme.test", withholdScopes: [EVENTS_SCOPE] }],
    now: clock.now,
  });
  const provider = googleProvider({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectURI: "https://app.test/cb",
    endpoints: fake.endpoints,
    fetch: fake.fetch,
    now: () => new Date(clock.now()),
    timeoutMs: 100,
  });
  const connect = async (email = "ada@acme.test") => {
    const url = provider.createAuthorizationURL({ state: "s".repeat(43), codeVerifier: VERIFIER });
    const back = await fake.consent(url, { email });
    return provider.exchangeCode(back.searchParams.get("code") ?? "", VERIFIER);
  };
  const calendarOf = (email: string, index: number): string =>
    fake.account(email)?.calendars[index]?.id ?? "";
  return { clock, fake, provider, connect, calendarOf };
}

describe("googleProvider: OAuth", () => {
  it("defaults to Google's real endpoints", () => {
    const provider = googleProvider({ clientId: "a", clientSecret: "b", redirectURI: "https://app.test/cb" });
    expect(provider.endpoints).toEqual(GOOGLE_ENDPOINTS);
    expect(provider.createAuthorizationURL({ state: "x", codeVerifier: VERIFIER }).origin).toBe(
      "https://accounts.google.com",
    );
  });

  it("builds the authorization URL with state, PKCE S256, catalog scopes, offline access and forced consent", async () => {
    const { provider, fake } = setup();
    const url = provider.createAuthorizationURL({
      state: "state-1",
      codeVerifier: VERIFIER,
      loginHint: "ada@acme.test",
    });
    expect(`${url.origin}${url.pathname}`).toBe(fake.endpoints.authorization);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: CLIENT.clientId,
      redirect_uri: "https://app.test/cb",
      state: "state-1",
      code_challenge_method: "S256",
      code_challenge: encodeBase64urlNoPadding(sha256(new TextEncoder().encode(VERIFIER))),
      scope: [EVENTS_SCOPE, "https://www.googleapis.com/auth/calendar.readonly", "openid", "email"].join(" "),
      access_type: "offline",
      prompt: "consent",
      login_hint: "ada@acme.test",
    });
  });

  it("exchanges the code with the PKCE verifier for tokens with expiry from the injected clock", async () => {
    const { provider, connect, clock } = setup();
    const tokens = await connect();
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refreshToken).toMatch(/^1\/\//);
    expect(tokens.expiresAt.getTime()).toBe(clock.now() + 3600_000);
    expect(tokens.grantedScopes).toContain(EVENTS_SCOPE);
    expect(provider.missingScopes(tokens.grantedScopes)).toEqual([]);
  });

  it("refuses a wrong verifier and a replayed code as invalid_grant", async () => {
    const { provider, fake } = setup();
    const url = provider.createAuthorizationURL({ state: "s", codeVerifier: VERIFIER });
    const code = (await fake.consent(url, { email: "ada@acme.test" })).searchParams.get("code") ?? "";
    expect((await rejection(provider.exchangeCode(code, "x".repeat(43)))).kind).toBe("invalid_grant");
    const second = (await fake.consent(url, { email: "ada@acme.test" })).searchParams.get("code") ?? "";
    await provider.exchangeCode(second, VERIFIER);
    const replay = await rejection(provider.exchangeCode(second, VERIFIER));
    expect(replay).toMatchObject({ kind: "invalid_grant", status: 400, providerCode: "invalid_grant" });
    expect(replay.message).not.toContain(second);
  });

  it("reports a missing calendar scope", async () => {
    const { provider, connect } = setup();
    const tokens = await connect("eve@acme.test");
    expect(provider.missingScopes(tokens.grantedScopes)).toEqual([EVENTS_SCOPE]);
    expect(provider.missingScopes(["https://www.googleapis.com/auth/calendar"])).toEqual([]);
    const error = await rejection(
      provider.upsertEvent(tokens.accessToken, {
        calendarId: "primary",
        connectionId: "c1",
        eventId: "e1",
        event: EVENT,
      }),
    );
    expect(error.kind).toBe("insufficient_scope");
    expect(healthReasonFor(error)).toBe("scope_missing");
  });

  it("refreshes without rotation and keeps working after the access token expires", async () => {
    const { provider, connect, clock } = setup();
    const tokens = await connect();
    clock.advance(3600_000);
    const expired = await rejection(provider.listCalendars(tokens.accessToken));
    expect(expired.kind).toBe("unauthorized");
    const refreshed = await provider.refresh(tokens.refreshToken ?? "");
    expect(refreshed.refreshToken).toBeNull();
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.expiresAt.getTime()).toBe(clock.now() + 3600_000);
    expect(await provider.listCalendars(refreshed.accessToken)).toHaveLength(2);
  });

  it("revokes, and counts Google's 400 invalid_token as already revoked", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    expect(await provider.revoke(tokens.refreshToken ?? "")).toBe("revoked");
    expect(await provider.revoke(tokens.refreshToken ?? "")).toBe("already_revoked");
    expect(await provider.revoke("never-issued")).toBe("already_revoked");
    const refresh = await rejection(provider.refresh(tokens.refreshToken ?? ""));
    expect(refresh.kind).toBe("invalid_grant");
    expect(healthReasonFor(refresh)).toBe("token_revoked");
    expect(fake.inspect().revocations).toHaveLength(1);
  });

  it("reads the identity from OpenID userinfo, keyed on sub", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    expect(await provider.getIdentity(tokens.accessToken)).toEqual({
      accountId: fake.account("ada@acme.test")?.id,
      email: "ada@acme.test",
    });
  });
});

describe("googleProvider: calendars and events", () => {
  it("maps the calendar list (primary, canWrite from accessRole) across pages", async () => {
    const { provider, connect, fake } = setup();
    fake.addCalendar("ada@acme.test", { name: "Holidays", accessRole: "reader", timeZone: "Europe/Paris" });
    fake.addCalendar("ada@acme.test", { name: "Shared", accessRole: "writer", color: "#123456" });
    for (let i = 0; i < 250; i++)
      fake.addCalendar("ada@acme.test", { name: `Extra ${i}`, accessRole: "freeBusyReader" });
    const calendars = await provider.listCalendars((await connect()).accessToken);
    expect(calendars).toHaveLength(254);
    expect(calendars.slice(0, 4)).toEqual([
      {
        id: "ada@acme.test",
        name: "ada@acme.test",
        primary: true,
        canWrite: true,
        timeZone: "UTC",
        color: "#9fe1e7",
      },
      expect.objectContaining({ name: "Team events", primary: false, canWrite: true, color: "#0b8043" }),
      expect.objectContaining({ name: "Holidays", canWrite: false, timeZone: "Europe/Paris" }),
      expect.objectContaining({ name: "Shared", canWrite: true, color: "#123456" }),
    ]);
    expect(calendars[200]?.canWrite).toBe(false);
    expect(fake.callCount("calendarList.list")).toBe(2);
  });

  it("inserts under a deterministic id, treats a duplicate insert as an update, updates and deletes", async () => {
    const { provider, connect, fake, calendarOf } = setup();
    const { accessToken } = await connect();
    const calendarId = calendarOf("ada@acme.test", 1);
    const input = { calendarId, connectionId: "conn_1", eventId: "evt_1", event: EVENT };
    const first = await provider.upsertEvent(accessToken, input);
    const id = deterministicEventId("conn_1", "evt_1");
    expect(first).toMatchObject({ externalId: id, created: true });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const again = await provider.upsertEvent(accessToken, {
      ...input,
      event: { ...EVENT, title: "Board (moved)" },
    });
    expect(again).toMatchObject({ externalId: id, created: false });
    expect(again.etag).not.toBe(first.etag);
    expect(fake.events("ada@acme.test", calendarId)).toHaveLength(1);
    expect(fake.events("ada@acme.test", calendarId)[0]?.resource).toMatchObject({
      summary: "Board (moved)",
      start: { dateTime: "2025-02-03T10:00:00.000Z", timeZone: "Europe/Berlin" },
    });

    const updated = await provider.updateEvent(accessToken, {
      calendarId,
      externalId: id,
      event: {
        ...EVENT,
        allDay: true,
        start: new Date("2025-02-03T00:00:00Z"),
        end: new Date("2025-02-04T00:00:00Z"),
      },
    });
    expect(updated.created).toBe(false);
    expect(fake.events("ada@acme.test", calendarId)[0]?.resource).toMatchObject({
      start: { date: "2025-02-03" },
      end: { date: "2025-02-04" },
    });

    expect(await provider.deleteEvent(accessToken, { calendarId, externalId: id })).toEqual({
      alreadyGone: false,
    });
    expect(await provider.deleteEvent(accessToken, { calendarId, externalId: id })).toEqual({
      alreadyGone: true,
    });
    expect(await provider.deleteEvent(accessToken, { calendarId, externalId: "unknown1" })).toEqual({
      alreadyGone: true,
    });
    // Re-creating a deleted event revives Google's cancelled copy instead of failing on the 409.
    expect(await provider.upsertEvent(accessToken, input)).toMatchObject({ externalId: id, created: false });
    expect(fake.events("ada@acme.test", calendarId)[0]?.status).toBe("confirmed");
  });

  it("reports not_found for an update of an unknown event and calendar_not_found for a deleted calendar", async () => {
    const { provider, connect, fake, calendarOf } = setup();
    const { accessToken } = await connect();
    const calendarId = calendarOf("ada@acme.test", 1);
    const missing = await rejection(
      provider.updateEvent(accessToken, { calendarId, externalId: "nothere1", event: EVENT }),
    );
    expect(missing.kind).toBe("not_found");
    fake.deleteCalendar("ada@acme.test", calendarId);
    const gone = await rejection(
      provider.upsertEvent(accessToken, { calendarId, connectionId: "c", eventId: "e", event: EVENT }),
    );
    expect(gone.kind).toBe("calendar_not_found");
    expect(healthReasonFor(gone)).toBe("calendar_not_found");
  });

  it("refuses writes to a calendar the account can only read as forbidden", async () => {
    const { provider, connect, fake } = setup();
    const reader = fake.addCalendar("ada@acme.test", { name: "Holidays", accessRole: "reader" });
    const { accessToken } = await connect();
    const error = await rejection(
      provider.upsertEvent(accessToken, {
        calendarId: reader.id,
        connectionId: "c",
        eventId: "e",
        event: EVENT,
      }),
    );
    expect(error.kind).toBe("forbidden");
  });
});

describe("googleProvider: error classification", () => {
  it("classifies 401, 403 rateLimitExceeded, 429 + Retry-After and 500", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    const list = () => rejection(provider.listCalendars(tokens.accessToken));

    fake.injectFault("api", { kind: "unauthorized" });
    expect(await list()).toMatchObject({ kind: "unauthorized", status: 401, retryable: true });

    fake.rateLimitStatus = 403;
    fake.injectFault("api", { kind: "rate_limited", retryAfterSeconds: 3 });
    expect(await list()).toMatchObject({
      kind: "rate_limited",
      status: 403,
      retryAfterMs: 3000,
      providerCode: "rateLimitExceeded",
    });

    fake.rateLimitStatus = 429;
    fake.setRateLimit({ requests: 0, windowMs: 7000 });
    const limited = await list();
    expect(limited).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 7000 });
    expect(healthReasonFor(limited)).toBe("rate_limited");
    fake.setRateLimit(null);

    fake.injectFault("api", { kind: "server_error" });
    const unavailable = await list();
    expect(unavailable).toMatchObject({ kind: "unavailable", status: 500 });
    expect(healthReasonFor(unavailable)).toBe("provider_unavailable");
  });

  it("classifies token endpoint failures: 500, invalid_grant, truncated JSON and a timeout", async () => {
    const { provider, connect, fake } = setup();
    const tokens = await connect();
    const refresh = () => rejection(provider.refresh(tokens.refreshToken ?? ""));
    const messages: string[] = [];

    fake.failNextTokenCall("server_error");
    const serverError = await refresh();
    expect(serverError).toMatchObject({ kind: "unavailable", status: 500 });
    fake.failNextTokenCall("invalid_grant");
    const invalidGrant = await refresh();
    expect(invalidGrant).toMatchObject({ kind: "invalid_grant", retryable: false });
    fake.failNextTokenCall("truncated_json");
    const truncated = await refresh();
    expect(truncated).toMatchObject({ kind: "unavailable", providerCode: "malformed_response" });
    fake.failNextTokenCall("timeout");
    const timeout = await refresh();
    expect(timeout).toMatchObject({ kind: "unavailable", status: null, providerCode: "timeout" });
    messages.push(serverError.message, invalidGrant.message, truncated.message, timeout.message);

    // Nothing secret in any message.
    for (const message of messages) {
      expect(message).not.toContain(tokens.accessToken);
      expect(message).not.toContain(tokens.refreshToken ?? "");
      expect(message).not.toContain(CLIENT.clientSecret);
    }
    expect((await provider.refresh(tokens.refreshToken ?? "")).accessToken).toMatch(/^ya29\./);
  });

  it("times out a hanging API call", async () => {
    const { provider, connect, fake } = setup();
    const { accessToken } = await connect();
    fake.injectFault("api", { kind: "timeout" });
    expect(await rejection(provider.getIdentity(accessToken))).toMatchObject({
      kind: "unavailable",
      providerCode: "timeout",
    });
  });
});
