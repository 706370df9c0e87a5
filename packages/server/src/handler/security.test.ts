import { ConnectionList } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { APP, BASE, createHarness, type Harness, problem } from "./harness.support.ts";

/** Every route that acts as an admin, with a valid body where it takes one. */
function adminRoutes(id: string): Array<[string, string, unknown]> {
  return [
    ["GET", "/providers", undefined],
    ["GET", "/connections", undefined],
    ["POST", "/connections", { provider: "ics" }],
    ["GET", `/connections/${id}`, undefined],
    ["PATCH", `/connections/${id}`, { calendarId: "primary" }],
    ["DELETE", `/connections/${id}`, undefined],
    ["GET", `/connections/${id}/calendars`, undefined],
    ["POST", `/connections/${id}/refresh`, undefined],
    ["POST", `/connections/${id}/feed`, undefined],
    ["GET", `/connections/${id}/audit`, undefined],
    ["GET", `/connections/${id}/dead-letters`, undefined],
    ["POST", "/oauth/google/start", {}],
  ];
}

async function aliceConnection(h: Harness): Promise<string> {
  const { location } = await h.connect("alice");
  return location.searchParams.get("connectionId") ?? "";
}

async function snapshot(h: Harness): Promise<string> {
  return JSON.stringify([
    await h.storage.listConnections("org_acme", { includeDisconnected: true }),
    await h.storage.listAudit("org_acme"),
  ]);
}

describe("who may call", () => {
  it("answers 401 problem+json to every admin route without a session", async () => {
    const h = await createHarness();
    const id = await aliceConnection(h);
    for (const [method, path, body] of adminRoutes(id)) {
      const response = await h.call(method, path, { as: null, body });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toMatchObject({ status: 401, code: "unauthenticated" });
    }
  });

  it("answers 403 to a member on every admin route and changes nothing", async () => {
    const h = await createHarness();
    const id = await aliceConnection(h);
    const before = await snapshot(h);
    for (const [method, path, body] of adminRoutes(id)) {
      const response = await h.call(method, path, { as: "bob", body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await problem(response)).code).toBe("forbidden");
    }
    expect(await snapshot(h)).toBe(before);
  });

  it("answers 404 to another organization's admin on every :id route and changes nothing", async () => {
    const h = await createHarness();
    const id = await aliceConnection(h);
    const before = await snapshot(h);
    for (const [method, path, body] of adminRoutes(id).filter(([, path]) => path.includes(id))) {
      const response = await h.call(method, path, { as: "carol", body });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await problem(response)).code).toBe("connection_not_found");
    }
    expect(await snapshot(h)).toBe(before);
    const list = ConnectionList.parse(await (await h.call("GET", "/connections", { as: "carol" })).json());
    expect(list.connections).toEqual([]);
  });

  it("lets a user name an organization they administer, and refuses one they only belong to", async () => {
    const h = await createHarness();
    await aliceConnection(h);
    const asAdmin = await h.call("GET", "/connections?organizationId=org_acme");
    expect(ConnectionList.parse(await asAdmin.json()).connections).toHaveLength(1);
    const asMember = await h.call("GET", "/connections", { headers: { "x-organization-id": "org_globex" } });
    expect(asMember.status).toBe(403);
    const notMember = await h.call("GET", "/connections?organizationId=org_acme", { as: "carol" });
    expect(notMember.status).toBe(403);
    const oversized = await h.call("GET", `/connections?organizationId=${"x".repeat(200)}`);
    expect(oversized.status).toBe(400);
  });
});

describe("cross-site requests", () => {
  it.each([
    ["POST", "/connections", { provider: "ics" }],
    ["DELETE", "/connections/ID", undefined],
    ["PATCH", "/connections/ID", { calendarId: "primary" }],
    ["POST", "/oauth/google/start", {}],
  ])("refuses a cross-site %s %s", async (method, path, body) => {
    const h = await createHarness();
    const id = await aliceConnection(h);
    const before = await snapshot(h);
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.test", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.test" },
      { "sec-fetch-site": "same-site", origin: "https://sub.app.test" },
    ];
    for (const headers of attempts) {
      const response = await h.call(method, path.replace("ID", id), { body, headers });
      expect(response.status).toBe(403);
      expect((await problem(response)).code).toBe("cross_site_request");
    }
    expect(await snapshot(h)).toBe(before);
  });
});

describe("bad input never answers 500", () => {
  const bodyRoutes = (id: string): Array<[string, string]> => [
    ["POST", "/connections"],
    ["PATCH", `/connections/${id}`],
    ["POST", "/oauth/google/start"],
  ];

  it.each([
    ["an oversized body", "x".repeat(70 * 1024), "application/json", 413, "payload_too_large"],
    ["malformed JSON", '{"provider":', "application/json", 400, "invalid_json"],
    [
      "a wrong type",
      '{"provider":7,"calendarId":[1],"returnTo":false}',
      "application/json",
      400,
      "validation_failed",
    ],
    ["a __proto__ body", '{"__proto__":{"role":"admin"}}', "application/json", 400, "validation_failed"],
    ["a form body", "provider=ics", "application/x-www-form-urlencoded", 415, "unsupported_media_type"],
    ["a text/plain body", '{"provider":"ics"}', "text/plain", 415, "unsupported_media_type"],
    ["a JSON array", "[]", "application/json", 400, "validation_failed"],
  ])(
    "answers %s with a clear problem on every body route",
    async (_name, body, contentType, status, code) => {
      const h = await createHarness();
      const id = await aliceConnection(h);
      const before = await snapshot(h);
      for (const [method, path] of bodyRoutes(id)) {
        const response = await h.call(method, path, { body, headers: { "content-type": contentType } });
        expect(response.status, `${method} ${path}`).toBe(status);
        expect(await response.json()).toMatchObject({ status, code });
      }
      expect(await snapshot(h)).toBe(before);
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    },
  );

  it("answers 405 with Allow for a wrong method and 404 for an unknown route", async () => {
    const h = await createHarness();
    const wrong = await h.call("PUT", "/connections");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect((await problem(wrong)).code).toBe("method_not_allowed");
    expect((await h.call("GET", "/nothing/here")).status).toBe(404);
    expect((await h.kit.handler(new Request(`${APP}/elsewhere`))).status).toBe(404);
    expect((await h.call("GET", "/connections/%ZZ")).status).toBe(404);
    expect((await h.call("POST", "/oauth/yahoo/start", { body: {} })).status).toBe(404);
    const unconfigured = await createHarness({ providers: [] });
    expect((await unconfigured.call("POST", "/oauth/microsoft/start", { body: {} })).status).toBe(404);
  });

  it("answers 500 problem+json, without details, when the host's session check throws", async () => {
    const h = await createHarness({
      authorize: () => {
        throw new Error("session store down: password=hunter2");
      },
    });
    const response = await h.call("GET", "/connections");
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("hunter2");
  });
});

describe("secrets", () => {
  it("never puts a token in a response body, a header, or a log line", async () => {
    const h = await createHarness();
    const id = await aliceConnection(h);
    await h.call("GET", `/connections/${id}/calendars`);
    h.clock.advance(2 * 60 * 60 * 1000);
    await h.call("POST", `/connections/${id}/refresh`);
    await h.call("GET", `/connections/${id}`);
    await h.call("GET", `/connections/${id}/audit`);
    h.google.injectFault("token", { kind: "server_error" });
    h.clock.advance(2 * 60 * 60 * 1000);
    await h.call("POST", `/connections/${id}/refresh`);
    await h.call("DELETE", `/connections/${id}`);
    await h.connect("alice", { decision: "deny" });

    const secrets = h.google
      .inspect()
      .grants.flatMap((grant) => [...grant.accessTokens, ...grant.refreshTokens.map((entry) => entry.token)])
      .filter((secret) => secret.length > 0);
    expect(secrets.length).toBeGreaterThan(2);
    const everything = [...h.transcript, ...h.logs].join("\n");
    expect(h.transcript.length).toBeGreaterThan(8);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toContain("secret-1");
  });

  it("sets a scoped, HttpOnly, short-lived binding cookie on start", async () => {
    const h = await createHarness();
    const response = await h.call("POST", "/oauth/google/start", { body: {} });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^cc_oauth_binding=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain(`Path=${BASE}/oauth/google/callback`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Max-Age=600");
  });
});
