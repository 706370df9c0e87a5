import { describe, expect, it } from "vitest";
import { APP, BASE, createHarness, type Harness, problem } from "./harness.support.ts";

/** Starts a flow as alice and lets the fake consent; returns what a browser would hold before the callback. */
async function begin(h: Harness, email = "alice@acme.test") {
  const started = await h.call("POST", "/oauth/google/start", { body: { returnTo: "/admin/cal" } });
  const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { authorizationURL } = (await started.json()) as { authorizationURL: string };
  const callbackURL = await h.google.consent(authorizationURL, { email });
  return { cookie, authorizationURL: new URL(authorizationURL), callbackURL };
}

function callback(h: Harness, url: URL | string, cookie: string, session = "alice"): Promise<Response> {
  return h.kit.handler(new Request(url, { headers: { cookie: `session=${session}; ${cookie}` } }));
}

async function expectFailure(h: Harness, response: Response, code: string): Promise<void> {
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location") ?? "");
  expect(location.origin).toBe(APP);
  expect(location.searchParams.get("calendarConnection")).toBe("error");
  expect(location.searchParams.get("code")).toBe(code);
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("cache-control")).toBe("no-store");
  // Nothing half-made: no connection row and so no token in storage.
  expect(await h.storage.listConnections("org_acme", { includeDisconnected: true })).toEqual([]);
}

function withParam(url: URL, name: string, value: string): URL {
  const copy = new URL(url);
  copy.searchParams.set(name, value);
  return copy;
}

describe("OAuth callback attacks", () => {
  it("refuses a forged state", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    await expectFailure(
      h,
      await callback(h, withParam(callbackURL, "state", "forged".repeat(8)), cookie),
      "oauth_state_invalid",
    );
  });

  it("refuses an expired state (older than 10 minutes)", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    h.clock.advance(10 * 60 * 1000 + 1);
    await expectFailure(h, await callback(h, callbackURL, cookie), "oauth_state_invalid");
  });

  it("refuses a replayed state, and the replay does not undo the first connect", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    const first = await callback(h, callbackURL, cookie);
    expect(new URL(first.headers.get("location") ?? "").searchParams.get("calendarConnection")).toBe(
      "connected",
    );
    const replay = await callback(h, callbackURL, cookie);
    expect(new URL(replay.headers.get("location") ?? "").searchParams.get("code")).toBe(
      "oauth_state_invalid",
    );
    expect((await h.storage.listConnections("org_acme")).length).toBe(1);
  });

  it("refuses a state used from another browser session (no binding cookie)", async () => {
    const h = await createHarness();
    const { callbackURL } = await begin(h);
    await expectFailure(h, await callback(h, callbackURL, ""), "oauth_state_invalid");
  });

  it("refuses a state whose binding cookie belongs to another flow", async () => {
    const h = await createHarness();
    const mine = await begin(h);
    const theirs = await begin(h);
    await expectFailure(h, await callback(h, mine.callbackURL, theirs.cookie), "oauth_state_invalid");
  });

  it("refuses a state completed by another signed-in user", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    await expectFailure(h, await callback(h, callbackURL, cookie, "carol"), "oauth_state_invalid");
  });

  it("refuses a callback without a session", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    const response = await h.kit.handler(new Request(callbackURL, { headers: { cookie } }));
    await expectFailure(h, response, "oauth_state_invalid");
  });

  it("refuses a wrong PKCE verifier", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    // Swap the code for one issued to another flow (its verifier does not match this state's).
    const other = await begin(h);
    const swapped = withParam(callbackURL, "code", other.callbackURL.searchParams.get("code") ?? "");
    await expectFailure(h, await callback(h, swapped, cookie), "oauth_exchange_failed");
  });

  it("refuses a replayed code", async () => {
    const h = await createHarness();
    const first = await begin(h);
    await callback(h, first.callbackURL, first.cookie);
    await h.call("DELETE", `/connections/${(await h.storage.listConnections("org_acme"))[0]?.id}`);
    const second = await begin(h);
    const replayed = withParam(second.callbackURL, "code", first.callbackURL.searchParams.get("code") ?? "");
    const response = await callback(h, replayed, second.cookie);
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("code")).toBe(
      "oauth_exchange_failed",
    );
    expect(await h.storage.listConnections("org_acme")).toEqual([]);
  });

  it("reports consent denied", async () => {
    const h = await createHarness();
    const { response } = await h.connect("alice", { decision: "deny" });
    await expectFailure(h, response, "oauth_denied");
  });

  it("refuses a grant without the calendar scope and revokes it", async () => {
    const h = await createHarness();
    const { response } = await h.connect("alice", {
      withhold: ["https://www.googleapis.com/auth/calendar.events"],
    });
    await expectFailure(h, response, "scope_missing");
    expect(h.google.inspect().revocations.length).toBe(1);
  });

  it.each([
    ["a token endpoint 500", { kind: "server_error" } as const],
    ["a token endpoint timeout", { kind: "timeout" } as const],
    ["truncated JSON from the token endpoint", { kind: "truncated_json" } as const],
  ])("survives %s", async (_name, fault) => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    h.google.injectFault("token", fault);
    await expectFailure(h, await callback(h, callbackURL, cookie), "provider_unavailable");
  });

  it("reports an invalid_grant from the token endpoint as a failed exchange", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    h.google.injectFault("token", { kind: "invalid_grant" });
    await expectFailure(h, await callback(h, callbackURL, cookie), "oauth_exchange_failed");
  });

  it("refuses a grant without a refresh token (no offline access) and revokes it", async () => {
    const h = await createHarness();
    const started = await h.call("POST", "/oauth/google/start", { body: {} });
    const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { authorizationURL } = (await started.json()) as { authorizationURL: string };
    const online = new URL(authorizationURL);
    online.searchParams.delete("access_type");
    const callbackURL = await h.google.consent(online, { email: "alice@acme.test" });
    await expectFailure(h, await callback(h, callbackURL, cookie), "refresh_token_missing");
    expect(h.google.inspect().revocations.length).toBe(1);
  });

  it("leaves no token behind when storage fails after the code exchange", async () => {
    const h = await createHarness();
    const { cookie, callbackURL } = await begin(h);
    const original = h.storage.createConnection.bind(h.storage);
    h.storage.createConnection = async () => {
      throw new Error("disk full");
    };
    const response = await callback(h, callbackURL, cookie);
    h.storage.createConnection = original;
    await expectFailure(h, response, "storage_unavailable");
    expect(h.google.inspect().revocations.length).toBe(1);
  });

  it("ignores an unsafe returnTo smuggled into the state at start", async () => {
    const h = await createHarness();
    for (const returnTo of [
      "//evil.test",
      "https://evil.test",
      "/\\evil.test",
      "javascript:alert(1)",
      "/%2F%2Fevil.test",
      "/a\r\nx: y",
    ]) {
      const response = await h.call("POST", "/oauth/google/start", { body: { returnTo } });
      expect(response.status, returnTo).toBe(400);
      expect((await problem(response)).code).toBe("validation_failed");
    }
  });

  it("redirects to the default page when the query is malformed", async () => {
    const h = await createHarness();
    const response = await h.kit.handler(new Request(`${APP}${BASE}/oauth/google/callback?code=x`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `${APP}/?calendarConnection=error&code=oauth_state_invalid`,
    );
  });
});
