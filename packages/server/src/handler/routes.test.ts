import {
  type Calendar,
  Connection,
  ConnectionList,
  CreateConnectionResponse,
  ProviderList,
} from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { APP, createHarness, type Harness, problem } from "./harness.support.ts";

async function connected(h: Harness): Promise<string> {
  const { location } = await h.connect("alice");
  return location.searchParams.get("connectionId") ?? "";
}

describe("GET /providers", () => {
  it("lists the host's providers in its order, with what this server and organization allow", async () => {
    const h = await createHarness();
    const response = await h.call("GET", "/providers");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { providers } = ProviderList.parse(await response.json());
    expect(
      providers.map((p: { id: string; configured: boolean; enabled: boolean }) => [
        p.id,
        p.configured,
        p.enabled,
      ]),
    ).toEqual([
      ["google", true, true],
      ["microsoft", true, true],
      ["ics", true, true],
    ]);
    expect(providers.map((p) => p.connect.kind)).toEqual(["oauth", "oauth", "instant"]);
    // Server-only facts stay on the server.
    expect(JSON.stringify(providers)).not.toMatch(/scope|googleapis|client/i);
  });

  it("speaks the locale the page asks for, by query parameter or Accept-Language", async () => {
    const h = await createHarness({}, { serviceAccount: true, serviceAccountEnabled: () => true });
    const described = async (path: string, headers?: Record<string, string>) =>
      ProviderList.parse(await (await h.call("GET", path, headers ? { headers } : {})).json()).providers;
    const german = await described("/providers?locale=de");
    expect(german.find((p) => p.id === "ics")?.name).toBe("Kalender-Feed (ICS)");
    const form = german.find((p) => p.id === "google-service-account")?.connect;
    expect(form?.kind === "form" ? form.fields.map((field) => field.label) : []).toEqual(["Kalender-ID"]);
    expect((await described("/providers", { "accept-language": "de-AT,de;q=0.9" }))[2]?.name).toBe(
      "Kalender-Feed (ICS)",
    );
    expect((await described("/providers?locale=fr"))[2]?.name).toBe("Calendar feed (ICS)");
    expect((await described("/providers?locale=%3Cscript%3E"))[2]?.name).toBe("Calendar feed (ICS)");
  });
});

describe("calendars", () => {
  it("lists the account's calendars and selects a writable one", async () => {
    const h = await createHarness();
    const id = await connected(h);
    const { calendars } = (await (await h.call("GET", `/connections/${id}/calendars`)).json()) as {
      calendars: Calendar[];
    };
    expect(calendars.length).toBeGreaterThanOrEqual(2);
    const secondary = calendars.find((calendar) => !calendar.primary && calendar.canWrite);
    expect(secondary).toBeDefined();
    const response = await h.call("PATCH", `/connections/${id}`, { body: { calendarId: secondary?.id } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ calendarId: secondary?.id, calendarName: secondary?.name });
    const audit = await h.storage.listAudit("org_acme", { connectionId: id });
    expect(audit[0]).toMatchObject({ action: "connection.calendar_selected", actorId: "user_alice" });
  });

  it("refuses a calendar the account does not have, and one it cannot write to", async () => {
    const h = await createHarness();
    const id = await connected(h);
    const unknown = await h.call("PATCH", `/connections/${id}`, {
      body: { calendarId: "nope@group.calendar.google.com" },
    });
    expect(unknown.status).toBe(422);
    expect((await problem(unknown)).code).toBe("calendar_not_found");
    h.google.addCalendar("alice@acme.test", { id: "holidays", name: "Holidays", accessRole: "reader" });
    const readOnly = await h.call("PATCH", `/connections/${id}`, { body: { calendarId: "holidays" } });
    expect(readOnly.status).toBe(422);
    expect((await problem(readOnly)).code).toBe("calendar_not_writable");
  });

  it("refreshes an expired access token once before listing", async () => {
    const h = await createHarness();
    const id = await connected(h);
    h.clock.advance(2 * 60 * 60 * 1000);
    const before = h.google.callCount("token");
    expect((await h.call("GET", `/connections/${id}/calendars`)).status).toBe(200);
    expect((await h.call("GET", `/connections/${id}/calendars`)).status).toBe(200);
    expect(h.google.callCount("token") - before).toBe(1);
  });
});

describe("POST /connections/:id/refresh", () => {
  it("keeps a healthy connection active", async () => {
    const h = await createHarness();
    const id = await connected(h);
    const response = await h.call("POST", `/connections/${id}/refresh`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "active", health: null });
  });

  it("marks a revoked grant as needing reconnect and audits the failure", async () => {
    const h = await createHarness();
    const id = await connected(h);
    h.google.revokeGrants("alice@acme.test");
    const response = await h.call("POST", `/connections/${id}/refresh`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "needs_reauth",
      health: { reason: "token_revoked" },
    });
    const audit = await h.storage.listAudit("org_acme", { connectionId: id });
    expect(audit.map((entry) => entry.action)).toContain("connection.refresh_failed");
  });

  it("reports a provider outage as a retryable error", async () => {
    const h = await createHarness();
    const id = await connected(h);
    h.google.injectFault("token", { kind: "server_error" });
    const body = Connection.parse(await (await h.call("POST", `/connections/${id}/refresh`)).json());
    expect(body).toMatchObject({ status: "error", health: { reason: "refresh_failed" } });
    expect(Date.parse(body.health?.retryAt ?? "")).toBeGreaterThan(h.clock.now());
  });

  it("records a calendar API outage after a good refresh, on SQL storage, with a retry time", async () => {
    // SQL storage reads new objects on every read: the check must not depend on object identity.
    const { createSqliteStorage } = await import("../storage/sqlite.ts");
    const clock = { now: () => new Date(Date.UTC(2026, 10, 26, 9, 0, 0)) };
    const storage = createSqliteStorage({ filename: ":memory:", now: () => clock.now() });
    await storage.migrate();
    const h = await createHarness({ storage });
    clock.now = () => new Date(h.clock.now());
    const id = await connected(h);
    await storage.updateConnection("org_acme", id, {
      status: "error",
      health: { reason: "rate_limited", message: "slow down", retryAt: null },
    });
    h.google.injectFault("api", { kind: "server_error" }, 3);
    const body = Connection.parse(await (await h.call("POST", `/connections/${id}/refresh`)).json());
    expect(body).toMatchObject({ status: "error", health: { reason: "provider_unavailable" } });
    expect(Date.parse(body.health?.retryAt ?? "")).toBeGreaterThan(h.clock.now());
    await storage.close();
  });
});

describe("DELETE /connections/:id", () => {
  it("revokes at the provider, erases the tokens, keeps the audit trail", async () => {
    const h = await createHarness();
    const id = await connected(h);
    const response = await h.call("DELETE", `/connections/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, status: "disconnected" });
    expect(h.google.inspect().revocations.length).toBe(1);
    const stored = await h.storage.getConnection("org_acme", id);
    expect(stored).toMatchObject({ credentialsKind: null, credentialsCiphertext: null });
    const audit = await h.storage.listAudit("org_acme", { connectionId: id });
    expect(audit.map((entry) => entry.action)).toEqual(["connection.disconnected", "connection.connected"]);
    expect(ConnectionList.parse(await (await h.call("GET", "/connections")).json()).connections).toEqual([]);
    const again = await h.call("DELETE", `/connections/${id}`);
    expect(again.status).toBe(409);
    expect((await problem(again)).code).toBe("connection_disconnected");
  });

  it("still disconnects when the provider cannot be reached", async () => {
    const h = await createHarness();
    const id = await connected(h);
    h.google.injectFault("revoke", { kind: "server_error" });
    const response = await h.call("DELETE", `/connections/${id}`);
    expect(response.status).toBe(200);
    const audit = await h.storage.listAudit("org_acme", { connectionId: id });
    expect(audit[0]?.details).toEqual({ revocation: "failed" });
  });
});

describe("ICS feed", () => {
  it("creates a secret feed URL that serves the organization's events, rotates, and dies on disconnect", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [
      {
        id: "evt_1",
        title: "Board meeting",
        start: new Date("2026-12-01T09:00:00Z"),
        end: new Date("2026-12-01T10:00:00Z"),
      },
    ]);
    const created = await h.call("POST", "/connections", { body: { provider: "ics" } });
    expect(created.status).toBe(201);
    const { connection, feedUrl = "" } = CreateConnectionResponse.parse(await created.json());
    expect(connection).toMatchObject({ provider: "ics", status: "active" });
    expect(feedUrl).toMatch(new RegExp(`^${APP}/api/calendar-connections/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    const stored = await h.storage.getConnection("org_acme", connection.id);
    expect(stored?.feedTokenHash).not.toContain(feedUrl.split("/").pop()?.slice(0, -4));

    const feed = await h.kit.handler(new Request(feedUrl));
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await feed.text();
    expect(text).toContain("SUMMARY:Board meeting\r\n");
    expect(text).toContain("UID:evt_1@app.test\r\n");

    const rotated = CreateConnectionResponse.parse(
      await (await h.call("POST", `/connections/${connection.id}/feed`)).json(),
    );
    expect(rotated.feedUrl).not.toBe(feedUrl);
    expect((await h.kit.handler(new Request(feedUrl))).status).toBe(404);
    expect((await h.kit.handler(new Request(rotated.feedUrl ?? ""))).status).toBe(200);

    expect((await h.call("POST", "/connections", { body: { provider: "ics" } })).status).toBe(409);
    await h.call("DELETE", `/connections/${connection.id}`);
    expect((await h.kit.handler(new Request(rotated.feedUrl ?? ""))).status).toBe(404);
  });

  it.each(["nope.ics", `${"a".repeat(43)}.ics`, `${"a".repeat(43)}.txt`, "%2e%2e.ics"])(
    "answers 404 for the unknown feed %s",
    async (file) => {
      const h = await createHarness();
      const response = await h.kit.handler(new Request(`${APP}/api/calendar-connections/feeds/${file}`));
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    },
  );
});

describe("legacy Google service account", () => {
  const opsCalendar = (h: Harness): string => {
    const account = h.google.inspect().accounts.find((candidate) => candidate.email === "ops@acme.test");
    return account?.calendars[0]?.id ?? "missing";
  };

  it("is refused where not configured, and where the organization did not opt in", async () => {
    const body = { provider: "google-service-account", input: { calendarId: "ops@acme.test" } };
    // A provider the host does not pass is not one the kit knows.
    const unconfigured = await createHarness();
    expect((await problem(await unconfigured.call("POST", "/connections", { body }))).code).toBe(
      "provider_unknown",
    );
    const notOptedIn = await createHarness({}, { serviceAccount: true });
    const response = await notOptedIn.call("POST", "/connections", { body });
    expect(response.status).toBe(403);
    expect((await problem(response)).code).toBe("provider_not_enabled");
  });

  it("checks the form with the provider's own schema and names the invalid field", async () => {
    const h = await createHarness({}, { serviceAccount: true, serviceAccountEnabled: () => true });
    const response = await h.call("POST", "/connections", {
      body: { provider: "google-service-account", input: { calendarId: "not an id" } },
    });
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.code).toBe("validation_failed");
    expect(body.errors).toEqual([{ path: "input.calendarId", message: expect.stringMatching(/looks like/) }]);
    const oauth = await h.call("POST", "/connections", { body: { provider: "google" } });
    expect((await problem(oauth)).code).toBe("validation_failed");
    expect((await h.call("POST", "/connections", { body: { provider: "nobody" } })).status).toBe(404);
    const instant = await h.call("POST", "/connections", { body: { provider: "ics", input: { a: "b" } } });
    expect((await problem(instant)).errors?.[0]?.path).toBe("input");
    expect(await h.storage.listConnections("org_acme")).toEqual([]);
  });

  it("connects a calendar the service account can write to, and explains one it cannot see", async () => {
    const h = await createHarness(
      {},
      { serviceAccount: true, serviceAccountEnabled: (org) => org === "org_acme" },
    );
    const providers = ProviderList.parse(await (await h.call("GET", "/providers")).json()).providers;
    expect(providers.find((p) => p.id === "google-service-account")).toMatchObject({
      configured: true,
      enabled: true,
    });
    const missing = await h.call("POST", "/connections", {
      body: { provider: "google-service-account", input: { calendarId: "typo@group.calendar.google.com" } },
    });
    expect(missing.status, JSON.stringify(await missing.clone().json())).toBe(422);
    expect((await problem(missing)).detail).toContain("ops@acme.test");
    const calendarId = opsCalendar(h);
    const created = await h.call("POST", "/connections", {
      body: { provider: "google-service-account", input: { calendarId } },
    });
    expect(created.status).toBe(201);
    expect(CreateConnectionResponse.parse(await created.json()).connection).toMatchObject({
      provider: "google-service-account",
      accountEmail: "ops@acme.test",
      calendarId,
      status: "active",
    });
  });
});
