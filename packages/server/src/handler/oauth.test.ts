import { AuditList, Connection, ConnectionList, StartOAuthResponse } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { APP, BASE, createHarness } from "./harness.support.ts";

describe("OAuth connect with Google", () => {
  it("connects, stores encrypted tokens and redirects back with the new connection", async () => {
    const h = await createHarness();
    const { response, location, authorizationURL } = await h.connect("alice", {
      returnTo: "/admin/integrations/calendars?tab=1",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("set-cookie")).toMatch(/cc_oauth_binding=;.*Max-Age=0/);
    expect(location.origin).toBe(APP);
    expect(location.pathname).toBe("/admin/integrations/calendars");
    expect(location.searchParams.get("tab")).toBe("1");
    expect(location.searchParams.get("calendarConnection")).toBe("connected");
    const connectionId = location.searchParams.get("connectionId") ?? "";

    // The consent URL carries offline access, forced consent, PKCE S256 and a 256-bit state.
    expect(authorizationURL.searchParams.get("access_type")).toBe("offline");
    expect(authorizationURL.searchParams.get("prompt")).toBe("consent");
    expect(authorizationURL.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationURL.searchParams.get("redirect_uri")).toBe(`${APP}${BASE}/oauth/google/callback`);
    expect((authorizationURL.searchParams.get("state") ?? "").length).toBeGreaterThanOrEqual(43);

    const list = ConnectionList.parse(await (await h.call("GET", "/connections")).json());
    expect(list.connections).toEqual([
      expect.objectContaining({
        id: connectionId,
        organizationId: "org_acme",
        provider: "google",
        status: "active",
        accountEmail: "alice@acme.test",
        calendarId: null,
        createdBy: "user_alice",
      }),
    ]);
    const stored = await h.storage.getConnection("org_acme", connectionId);
    expect(stored?.credentialsKind).toBe("oauth");
    expect(stored?.credentialsCiphertext).toMatch(/^v2\./);
    const grant = h.google.inspect().grants[0];
    expect(JSON.stringify(stored)).not.toContain(grant?.refreshToken ?? "no-refresh-token");
    const audit = AuditList.parse(await (await h.call("GET", `/connections/${connectionId}/audit`)).json());
    expect(audit.entries.map((entry: { action: string }) => entry.action)).toEqual(["connection.connected"]);
  });

  it("selects the only writable calendar by itself", async () => {
    const h = await createHarness();
    const { location } = await h.connect("alice", { email: "ops@acme.test" });
    const connection = Connection.parse(
      await (await h.call("GET", `/connections/${location.searchParams.get("connectionId")}`)).json(),
    );
    expect(connection.calendarId).not.toBeNull();
    expect(connection.calendarName).toBe("Ops");
  });

  it("reconnecting the same account replaces its tokens and clears its health instead of adding a connection", async () => {
    const h = await createHarness();
    const first = await h.connect("alice");
    const id = first.location.searchParams.get("connectionId") ?? "";
    await h.storage.updateConnection("org_acme", id, {
      status: "needs_reauth",
      health: { reason: "token_revoked", message: "revoked", retryAt: null },
    });
    const before = await h.storage.getConnection("org_acme", id);
    const second = await h.connect("alice");
    expect(second.location.searchParams.get("connectionId")).toBe(id);
    const after = await h.storage.getConnection("org_acme", id);
    expect(after?.status).toBe("active");
    expect(after?.health).toBeNull();
    expect(after?.credentialsCiphertext).not.toBe(before?.credentialsCiphertext);
    expect((await h.storage.listConnections("org_acme")).length).toBe(1);
    const audit = await h.storage.listAudit("org_acme", { connectionId: id });
    expect(audit.map((entry) => entry.action)).toContain("connection.reconnected");
  });

  it("refuses a second account of the same provider while one is connected, and revokes the new grant", async () => {
    const h = await createHarness();
    await h.connect("alice");
    const second = await h.connect("alice", { email: "ops@acme.test" });
    expect(second.location.searchParams.get("code")).toBe("connection_exists");
    expect((await h.storage.listConnections("org_acme")).length).toBe(1);
    const revoked = h.google.inspect().revocations;
    expect(revoked.length).toBe(1);
  });

  it("connects Microsoft, keeping the rotated refresh token atomically with the access token", async () => {
    const h = await createHarness();
    const { location, authorizationURL } = await h.connect("alice", { provider: "microsoft" });
    expect(location.searchParams.get("calendarConnection")).toBe("connected");
    expect(authorizationURL.searchParams.get("scope")).toContain("offline_access");
    expect(authorizationURL.searchParams.get("scope")).toContain("Calendars.ReadWrite");
    const id = location.searchParams.get("connectionId") ?? "";
    const stored = await h.storage.getConnection("org_acme", id);
    expect(stored).toMatchObject({
      provider: "microsoft",
      accountEmail: "alice@acme.test",
      status: "active",
    });
    h.clock.advance(2 * 60 * 60 * 1000);
    expect((await h.call("GET", `/connections/${id}/calendars`)).status).toBe(200);
    const refreshed = await h.storage.getConnection("org_acme", id);
    expect(refreshed?.tokenVersion).toBe((stored?.tokenVersion ?? 0) + 1);
    expect(refreshed?.credentialsCiphertext).not.toBe(stored?.credentialsCiphertext);
    // The rotated-away refresh token is dead at the fake; the stored one still works.
    h.clock.advance(2 * 60 * 60 * 1000);
    expect((await h.call("GET", `/connections/${id}/calendars`)).status).toBe(200);
  });

  it("asks the consent screen for the reconnected connection's account, and for nobody otherwise", async () => {
    const h = await createHarness();
    const { location } = await h.connect("alice", { email: "ops@acme.test" });
    const id = location.searchParams.get("connectionId") ?? "";
    const hint = async (body: Record<string, string>): Promise<string | null> => {
      const started = await h.call("POST", "/oauth/google/start", { body });
      expect(started.status).toBe(200);
      const { authorizationURL } = StartOAuthResponse.parse(await started.json());
      return new URL(authorizationURL).searchParams.get("login_hint");
    };
    expect(await hint({ connectionId: id })).toBe("ops@acme.test");
    expect(await hint({})).toBeNull();
    // Another organization's connection, or an unknown id, hints nothing.
    expect(await hint({ connectionId: "conn_unknown" })).toBeNull();
    const microsoft = await h.call("POST", "/oauth/microsoft/start", { body: { connectionId: id } });
    const { authorizationURL } = StartOAuthResponse.parse(await microsoft.json());
    expect(new URL(authorizationURL).searchParams.get("login_hint")).toBeNull();
  });

  it("refuses a Google state on the Microsoft callback", async () => {
    const h = await createHarness();
    const started = await h.call("POST", "/oauth/google/start", { body: {} });
    const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { authorizationURL } = StartOAuthResponse.parse(await started.json());
    const callbackURL = await h.google.consent(authorizationURL, { email: "alice@acme.test" });
    const crossed = new URL(callbackURL.toString().replace("/oauth/google/", "/oauth/microsoft/"));
    const response = await h.kit.handler(
      new Request(crossed, { headers: { cookie: `session=alice; ${cookie}` } }),
    );
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("code")).toBe(
      "oauth_state_invalid",
    );
    expect(await h.storage.listConnections("org_acme")).toEqual([]);
  });
});
