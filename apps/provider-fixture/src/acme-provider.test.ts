import { AuditList, CalendarList, Connection, ConnectionList, Problem } from "@org/calendar-connections-core";
import { deterministicEventId } from "@org/calendar-connections-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  APP,
  BASE,
  type Fixture,
  RETURN_TO,
  startFixture,
  type TokenResponseRecord,
} from "./fixture.support.ts";

// One admin's story, in order: connect, pick, sync, refresh, disconnect; then a consent that withholds.
describe("a host's OAuth provider (acme) against oidc-provider", () => {
  let fx: Fixture;
  let connectionId = "";

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  /** The token endpoint's latest answer of a grant type, as it crossed the wire. */
  const lastIssued = (grantType: string): TokenResponseRecord => {
    const found = fx.tokenResponses.filter((record) => record.grantType === grantType).at(-1);
    if (found === undefined) throw new Error(`no ${grantType} answer was seen`);
    return found;
  };
  const tokenOf = (value: string | null): string => {
    if (value === null) throw new Error("no token in that answer");
    return value;
  };
  const grants = (grantType: string): number =>
    fx.auth.events.filter((event) => event.type === "grant.success" && event.detail === grantType).length;

  it("connects: start, sign-in and consent at oidc-provider, callback, then 303 back with connected", async () => {
    const { authorizationURL, landing } = await fx.connectAcme(["offline_access", "calendar"]);

    expect(authorizationURL.origin).toBe(fx.auth.issuer);
    expect(authorizationURL.searchParams.get("redirect_uri")).toBe(`${APP}${BASE}/oauth/acme/callback`);
    expect(authorizationURL.searchParams.get("code_challenge_method")).toBe("S256");
    expect(landing.response).toBeNull();
    expect(`${landing.url.origin}${landing.url.pathname}`).toBe(`${APP}${RETURN_TO}`);
    expect(landing.url.searchParams.get("calendarConnection")).toBe("connected");
    connectionId = landing.url.searchParams.get("connectionId") ?? "";

    const issued = lastIssued("authorization_code");
    expect(issued).toMatchObject({ status: 200, scope: "calendar" });
    expect(issued.refreshToken).not.toBeNull();
    expect(grants("authorization_code")).toBe(1);
    expect(await fx.introspect(tokenOf(issued.accessToken))).toMatchObject({
      active: true,
      sub: ALICE.id,
      scope: "calendar",
    });
    const connection = Connection.parse(await (await fx.call("GET", `/connections/${connectionId}`)).json());
    expect(connection).toMatchObject({
      provider: "acme",
      status: "active",
      accountEmail: ALICE.email,
      calendarId: null,
      scopes: ["calendar"],
    });
  });

  it("lists the account's calendars and saves the one the admin picks", async () => {
    const listed = CalendarList.parse(
      await (await fx.call("GET", `/connections/${connectionId}/calendars`)).json(),
    );
    expect(listed.calendars.map(({ id, canWrite, primary }) => ({ id, canWrite, primary }))).toEqual([
      { id: "work", canWrite: true, primary: true },
      { id: "team", canWrite: true, primary: false },
      { id: "holidays", canWrite: false, primary: false },
    ]);

    const readOnly = await fx.call("PATCH", `/connections/${connectionId}`, { calendarId: "holidays" });
    expect(readOnly.status).toBe(422);
    expect(Problem.parse(await readOnly.json()).code).toBe("calendar_not_writable");

    const picked = await fx.call("PATCH", `/connections/${connectionId}`, { calendarId: "team" });
    expect(picked.status).toBe(200);
    expect(Connection.parse(await picked.json())).toMatchObject({
      calendarId: "team",
      calendarName: "Team events",
    });
  });

  it("syncs an event into the picked calendar under an id derived from connection and event, once", async () => {
    const start = new Date("2026-12-01T09:00:00Z");
    const end = new Date("2026-12-01T09:15:00Z");
    expect(await fx.changeEvent("evt-standup", { title: "Standup", start, end })).toMatchObject({
      succeeded: 1,
      retried: 0,
    });

    const externalId = deterministicEventId(connectionId, "evt-standup");
    expect(fx.api.inspect().events).toEqual([
      expect.objectContaining({
        accountId: ALICE.id,
        calendarId: "team",
        id: externalId,
        title: "Standup",
        start: start.toISOString(),
        version: 1,
        scheme: "Bearer",
      }),
    ]);

    // A change writes over the same event: still one, now in its second version.
    await fx.changeEvent("evt-standup", { title: "Standup (moved)", start, end });
    expect(fx.api.inspect().events).toEqual([
      expect.objectContaining({ id: externalId, title: "Standup (moved)", version: 2 }),
    ]);
  });

  it("refreshes through a real refresh-token grant: a new access token, and the refresh token rotated", async () => {
    const before = lastIssued("authorization_code");
    const refreshed = await fx.call("POST", `/connections/${connectionId}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(Connection.parse(await refreshed.json())).toMatchObject({ status: "active", health: null });

    expect(grants("refresh_token")).toBe(1);
    const after = lastIssued("refresh_token");
    expect(after.status).toBe(200);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await fx.introspect(tokenOf(after.accessToken))).toMatchObject({ active: true, sub: ALICE.id });
    expect(await fx.introspect(tokenOf(after.refreshToken))).toMatchObject({ active: true });
    // Rotation: oidc-provider consumed the old refresh token.
    expect(await fx.introspect(tokenOf(before.refreshToken))).toEqual({ active: false });
    // The health check after the refresh reached the API with the new token.
    expect(fx.api.inspect().requests.at(-1)).toEqual({
      method: "GET",
      path: "/calendars",
      status: 200,
      scheme: "Bearer",
    });
  });

  it("disconnects: the grant is revoked at oidc-provider, and its refresh token refused", async () => {
    const current = lastIssued("refresh_token");
    const response = await fx.call("DELETE", `/connections/${connectionId}`);
    expect(response.status).toBe(200);
    expect(Connection.parse(await response.json()).status).toBe("disconnected");

    expect(fx.auth.events.some((event) => event.type === "grant.revoked")).toBe(true);
    expect(await fx.introspect(tokenOf(current.refreshToken))).toEqual({ active: false });
    expect(await fx.introspect(tokenOf(current.accessToken))).toEqual({ active: false });
    expect(await fx.refreshDirectly(tokenOf(current.refreshToken))).toEqual({
      status: 400,
      error: "invalid_grant",
    });
    const audit = AuditList.parse(await (await fx.call("GET", `/connections/${connectionId}/audit`)).json());
    expect(audit.entries[0]).toMatchObject({
      action: "connection.disconnected",
      details: { revocation: "revoked" },
    });
  });

  it("refuses a consent without the calendar scope (scope_missing) and revokes what was issued", async () => {
    const { landing } = await fx.connectAcme(["offline_access"]);
    expect(landing.url.searchParams.get("calendarConnection")).toBe("error");
    expect(landing.url.searchParams.get("code")).toBe("scope_missing");

    const issued = lastIssued("authorization_code");
    expect(issued.status).toBe(200);
    expect(issued.scope ?? "").not.toContain("calendar");
    expect(await fx.introspect(tokenOf(issued.refreshToken))).toEqual({ active: false });
    const { connections } = ConnectionList.parse(await (await fx.call("GET", "/connections")).json());
    // Listed are connections not disconnected: the earlier one is gone, and no new one was made.
    expect(connections).toEqual([]);
  });

  it("never lets a token oidc-provider issued into a response of the kit or a log line", () => {
    const issued = fx.tokenResponses.flatMap((record) => [record.accessToken, record.refreshToken]);
    const secrets = issued.filter((token): token is string => token !== null);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const seen = [...fx.browser.kitResponses, ...fx.logs].join("\n");
    for (const secret of secrets) expect(seen).not.toContain(secret);
    // oidc-provider failed nothing but the refresh the disconnect test sent with a revoked token.
    expect(fx.auth.events.filter((event) => event.type === "error")).toEqual([
      { type: "error", detail: "grant: invalid_grant" },
    ]);
  });
});
