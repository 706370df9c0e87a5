import { describe, expect, it } from "vitest";
import { createFakeGoogle, type FakeGoogle, googleEndpoints } from "./google.ts";
import { createManualClock, s256, seededRandom } from "./util.ts";

const BASE = "http://fake.test/__fake/google";
const CLIENT = { clientId: "client-1", clientSecret: "secret-1", redirectURIs: ["http://app.test/callback"] };
/** Another product's OAuth client: the same account's consent to it is a grant of its own. */
const OTHER_CLIENT = {
  clientId: "client-2",
  clientSecret: "secret-2",
  redirectURIs: ["http://app.test/callback"],
};
const VERIFIER = "v".repeat(43);
const SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.readonly",
  "openid",
  "email",
];

function setup(options: Parameters<typeof createFakeGoogle>[0] = {}) {
  const clock = createManualClock();
  const fake = createFakeGoogle({
    baseURL: BASE,
    clients: [CLIENT],
    accounts: [{ email: "ada@example.com" }, { email: "bob@example.com", withholdScopes: [SCOPES[0] ?? ""] }],
    now: clock.now,
    random: seededRandom(7),
    ...options,
  });
  return { fake, clock };
}

async function authorizationURL(params: Record<string, string> = {}): Promise<URL> {
  const url = new URL(googleEndpoints(BASE).authorization);
  const all: Record<string, string> = {
    response_type: "code",
    client_id: CLIENT.clientId,
    redirect_uri: "http://app.test/callback",
    state: "state-123",
    scope: SCOPES.join(" "),
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
    access_type: "offline",
    prompt: "consent",
    ...params,
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return url;
}

function tokenRequest(fields: Record<string, string>, auth = true, client = CLIENT): Request {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (auth) headers.authorization = `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`;
  return new Request(googleEndpoints(BASE).token, {
    method: "POST",
    headers,
    body: new URLSearchParams(fields),
  });
}

async function connect(fake: FakeGoogle, email = "ada@example.com") {
  const back = await fake.consent(await authorizationURL(), { email });
  const code = back.searchParams.get("code") ?? "";
  const response = await fake.handler(
    tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://app.test/callback",
      code_verifier: VERIFIER,
    }),
  );
  const body = (await response.json()) as Record<string, unknown>;
  return { accessToken: String(body.access_token), refreshToken: String(body.refresh_token), body };
}

/** A consent (optionally withholding scopes, for another client, with extra parameters) and its code exchange. */
async function consentAndExchange(
  fake: FakeGoogle,
  options: {
    readonly withhold?: readonly string[];
    readonly client?: typeof CLIENT;
    readonly params?: Record<string, string>;
  } = {},
) {
  const client = options.client ?? CLIENT;
  const url = await authorizationURL({ client_id: client.clientId, ...options.params });
  const back = await fake.consent(url, {
    email: "ada@example.com",
    ...(options.withhold === undefined ? {} : { withhold: options.withhold }),
  });
  const response = await fake.handler(
    tokenRequest(
      {
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        redirect_uri: "http://app.test/callback",
        code_verifier: VERIFIER,
      },
      true,
      client,
    ),
  );
  const body = (await response.json()) as Record<string, unknown>;
  return { accessToken: String(body.access_token), refreshToken: String(body.refresh_token), body };
}

/** A refresh grant with `refreshToken`: the response status and body. */
async function refreshWith(fake: FakeGoogle, refreshToken: string, client = CLIENT) {
  const response = await fake.handler(
    tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken }, true, client),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function revokeRequest(token: string): Request {
  return new Request(googleEndpoints(BASE).revocation ?? "", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }),
  });
}

function api(path: string, token: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${googleEndpoints(BASE).apiBase}${path}`, { ...init, headers });
}

const EVENT = {
  summary: "Standup",
  start: { dateTime: "2025-01-07T09:00:00Z" },
  end: { dateTime: "2025-01-07T09:15:00Z" },
};

describe("fake Google: authorize", () => {
  it("shows an accessible consent page with an account chooser, scopes, Allow and Deny", async () => {
    const { fake } = setup();
    const response = await fake.handler(new Request(await authorizationURL()));
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(`action="${BASE}/o/oauth2/v2/auth/consent"`);
    expect(page).toMatch(/<legend>Choose an account<\/legend>/);
    // Without a login_hint nothing is preselected: the admin chooses.
    expect(page).toMatch(
      /<input type="radio" id="account-0" name="account" value="ada@example.com" required>/,
    );
    expect(page).not.toMatch(/type="radio"[^>]*checked>/);
    expect(page).toContain('<label for="account-1">');
    expect(page).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(page).toContain('<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>');
    expect(page).toContain('name="state" value="state-123"');
  });

  it("preselects the login_hint's account, never simply the first", async () => {
    const { fake } = setup();
    const page = await (await fake.handler(new Request(await authorizationURL()))).text();
    const second = /<input type="radio" id="account-1" name="account" value="([^"]+)"/.exec(page)?.[1];
    expect(second).toBeDefined();
    const hinted = await (
      await fake.handler(new Request(await authorizationURL({ login_hint: second ?? "" })))
    ).text();
    expect(hinted).toContain(`id="account-1" name="account" value="${second}" required checked>`);
    expect(hinted).toMatch(/id="account-0" name="account" value="[^"]+" required>/);
  });

  it("the consent form redirects with code and state on Allow, error=access_denied on Deny", async () => {
    const { fake } = setup();
    const url = await authorizationURL();
    const form = new URLSearchParams([...url.searchParams]);
    form.set("account", "bob@example.com");
    for (const scope of SCOPES) form.append("granted_scope", scope);
    form.set("decision", "allow");
    const allow = await fake.handler(
      new Request(`${BASE}/o/oauth2/v2/auth/consent`, { method: "POST", body: form }),
    );
    expect(allow.status).toBe(303);
    const back = new URL(allow.headers.get("location") ?? "");
    expect(back.origin + back.pathname).toBe("http://app.test/callback");
    expect(back.searchParams.get("state")).toBe("state-123");
    expect(back.searchParams.get("code")).toMatch(/^4\/0fake_/);

    form.set("decision", "deny");
    const deny = await fake.handler(
      new Request(`${BASE}/o/oauth2/v2/auth/consent`, { method: "POST", body: form }),
    );
    const denied = new URL(deny.headers.get("location") ?? "");
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("state-123");
    expect(denied.searchParams.has("code")).toBe(false);
  });

  it("skips the page with login_hint + fake_consent", async () => {
    const { fake } = setup();
    const url = await authorizationURL({ login_hint: "ada@example.com", fake_consent: "deny" });
    const response = await fake.handler(new Request(url));
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied");
  });

  it("refuses an unknown client or redirect URI with a page instead of a redirect", async () => {
    const { fake } = setup();
    const badRedirect = await fake.handler(
      new Request(await authorizationURL({ redirect_uri: "http://evil.test/cb" })),
    );
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.get("location")).toBeNull();
    const badClient = await fake.handler(new Request(await authorizationURL({ client_id: "nope" })));
    expect(badClient.status).toBe(401);
  });
});

describe("fake Google: token endpoint", () => {
  it("exchanges a code with PKCE once, with scope, expires_in, refresh and id tokens", async () => {
    const { fake } = setup();
    const { body } = await connect(fake);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(String(body.access_token)).toMatch(/^ya29\.fake_/);
    expect(String(body.refresh_token)).toMatch(/^1\/\/fake_/);
    expect(String(body.scope).split(" ")).toContain("https://www.googleapis.com/auth/calendar.events");
    expect(String(body.scope).split(" ")).toContain("https://www.googleapis.com/auth/userinfo.email");
    expect(typeof body.id_token).toBe("string");
  });

  it("rejects a wrong verifier, a replayed code, a different redirect URI and bad client credentials", async () => {
    const { fake } = setup();
    const code = async () =>
      (await fake.consent(await authorizationURL(), { email: "ada@example.com" })).searchParams.get("code") ??
      "";
    const base = { grant_type: "authorization_code", redirect_uri: "http://app.test/callback" };

    const wrong = await fake.handler(
      tokenRequest({ ...base, code: await code(), code_verifier: "w".repeat(43) }),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });

    const once = await code();
    expect((await fake.handler(tokenRequest({ ...base, code: once, code_verifier: VERIFIER }))).status).toBe(
      200,
    );
    const replay = await fake.handler(tokenRequest({ ...base, code: once, code_verifier: VERIFIER }));
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });

    const redirect = await fake.handler(
      tokenRequest({
        ...base,
        code: await code(),
        code_verifier: VERIFIER,
        redirect_uri: "http://app.test/other",
      }),
    );
    expect(await redirect.json()).toMatchObject({ error: "invalid_grant" });

    const noAuth = await fake.handler(
      tokenRequest(
        { ...base, code: await code(), code_verifier: VERIFIER, client_id: "client-1", client_secret: "x" },
        false,
      ),
    );
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error: "invalid_client" });
  });

  it("expires codes after ten minutes", async () => {
    const { fake, clock } = setup();
    const back = await fake.consent(await authorizationURL(), { email: "ada@example.com" });
    clock.advance(601_000);
    const response = await fake.handler(
      tokenRequest({
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        redirect_uri: "http://app.test/callback",
        code_verifier: VERIFIER,
      }),
    );
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("gives no refresh token without access_type=offline, or on a repeat consent without prompt=consent", async () => {
    const { fake } = setup();
    const exchange = async (params: Record<string, string>) => {
      const back = await fake.consent(await authorizationURL(params), { email: "ada@example.com" });
      const response = await fake.handler(
        tokenRequest({
          grant_type: "authorization_code",
          code: back.searchParams.get("code") ?? "",
          redirect_uri: "http://app.test/callback",
          code_verifier: VERIFIER,
        }),
      );
      return (await response.json()) as Record<string, unknown>;
    };
    expect((await exchange({ access_type: "online" })).refresh_token).toBeUndefined();
    expect((await exchange({ prompt: "" })).refresh_token).toBeUndefined();
    expect(typeof (await exchange({})).refresh_token).toBe("string");
  });

  it("refreshes without rotating, and reports the granted scope", async () => {
    const { fake } = setup();
    const { refreshToken } = await connect(fake);
    for (let i = 0; i < 2; i++) {
      const response = await fake.handler(
        tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken }),
      );
      const body = (await response.json()) as Record<string, unknown>;
      expect(response.status).toBe(200);
      expect(body.refresh_token).toBeUndefined();
      expect(String(body.scope)).toContain("calendar.events");
    }
    expect(fake.callCount("token.refresh_token")).toBe(2);
  });

  it("grants fewer scopes when the account withholds one or the consent unchecks it", async () => {
    const { fake } = setup();
    const { body } = await connect(fake, "bob@example.com");
    expect(String(body.scope)).not.toContain("calendar.events");
    const back = await fake.consent(await authorizationURL(), {
      email: "ada@example.com",
      withhold: ["https://www.googleapis.com/auth/calendar.readonly"],
    });
    expect(back.searchParams.get("scope")).not.toContain("calendar.readonly");
  });
});

describe("fake Google: revoke and userinfo", () => {
  it("revokes a grant (access and refresh tokens die) and answers 400 invalid_token afterwards", async () => {
    const { fake } = setup();
    const { accessToken, refreshToken } = await connect(fake);
    const revoke = () =>
      fake.handler(
        new Request(googleEndpoints(BASE).revocation ?? "", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ token: refreshToken }),
        }),
      );
    expect((await revoke()).status).toBe(200);
    const again = await revoke();
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_token" });
    expect((await fake.handler(api("/users/me/calendarList", accessToken))).status).toBe(401);
    const refresh = await fake.handler(
      tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken }),
    );
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
    expect(fake.inspect().revocations).toMatchObject([{ email: "ada@example.com", via: "revoke_endpoint" }]);
  });

  it("answers OpenID userinfo with sub and email", async () => {
    const { fake } = setup();
    const { accessToken } = await connect(fake);
    const response = await fake.handler(
      new Request(googleEndpoints(BASE).userinfo, { headers: { authorization: `Bearer ${accessToken}` } }),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.email).toBe("ada@example.com");
    expect(body.sub).toMatch(/^\d{21}$/);
  });
});

describe("fake Google: one grant per account and OAuth client", () => {
  it("a second consent by the same account to the same client joins its grant; both refresh tokens work", async () => {
    const { fake } = setup();
    const first = await consentAndExchange(fake);
    const second = await consentAndExchange(fake);
    const grants = fake.inspect().grants;
    expect(grants).toHaveLength(1);
    expect(grants[0]?.refreshTokens.map((entry) => entry.token)).toEqual([
      first.refreshToken,
      second.refreshToken,
    ]);
    // Older refresh tokens stay valid: a new consent does not replace them.
    expect((await refreshWith(fake, first.refreshToken)).status).toBe(200);
    expect((await refreshWith(fake, second.refreshToken)).status).toBe(200);
  });

  it("revoking any token of the grant, even one consent's access token, ends the tokens of every consent", async () => {
    const { fake } = setup();
    const first = await consentAndExchange(fake);
    const second = await consentAndExchange(fake);
    expect((await fake.handler(revokeRequest(first.accessToken))).status).toBe(200);
    expect((await refreshWith(fake, second.refreshToken)).body).toMatchObject({ error: "invalid_grant" });
    expect((await fake.handler(api("/users/me/calendarList", second.accessToken))).status).toBe(401);
    expect((await fake.handler(revokeRequest(second.refreshToken))).status).toBe(400);
    expect(fake.inspect().revocations).toHaveLength(1);
    // The next consent starts a new grant; the revoked one stays revoked.
    const third = await consentAndExchange(fake);
    expect(fake.inspect().grants.map((grant) => grant.revokedAt === null)).toEqual([false, true]);
    expect((await refreshWith(fake, third.refreshToken)).status).toBe(200);
    expect((await refreshWith(fake, first.refreshToken)).status).toBe(400);
  });

  it("each token keeps its own consent's scopes; the grant holds their union, and include_granted_scopes adds it", async () => {
    const { fake } = setup();
    const readonly = "https://www.googleapis.com/auth/calendar.readonly";
    const full = await consentAndExchange(fake);
    const fewer = await consentAndExchange(fake, { withhold: [readonly] });
    expect(String(fewer.body.scope)).not.toContain(readonly);
    expect(String((await refreshWith(fake, fewer.refreshToken)).body.scope)).not.toContain(readonly);
    expect((await fake.handler(api("/users/me/calendarList", fewer.accessToken))).status).toBe(403);
    // The consent with fewer scopes narrows nothing that was granted before.
    expect(String((await refreshWith(fake, full.refreshToken)).body.scope)).toContain(readonly);
    expect((await fake.handler(api("/users/me/calendarList", full.accessToken))).status).toBe(200);
    expect(fake.inspect().grants[0]?.scopes).toContain(readonly);
    const incremental = await consentAndExchange(fake, {
      withhold: [readonly],
      params: { include_granted_scopes: "true" },
    });
    expect(String(incremental.body.scope)).toContain(readonly);
  });

  it("another OAuth client of the same account has a grant of its own", async () => {
    const { fake } = setup({ clients: [CLIENT, OTHER_CLIENT] });
    const ours = await consentAndExchange(fake);
    const theirs = await consentAndExchange(fake, { client: OTHER_CLIENT });
    expect(fake.inspect().grants).toHaveLength(2);
    expect((await fake.handler(revokeRequest(ours.refreshToken))).status).toBe(200);
    expect((await refreshWith(fake, theirs.refreshToken, OTHER_CLIENT)).status).toBe(200);
  });

  it("keeps 100 live refresh tokens per grant: the 101st invalidates the oldest", async () => {
    const { fake } = setup();
    const issued: string[] = [];
    for (let i = 0; i < 101; i++) issued.push((await consentAndExchange(fake)).refreshToken);
    expect((await refreshWith(fake, issued[0] ?? "")).body).toMatchObject({ error: "invalid_grant" });
    expect((await refreshWith(fake, issued[1] ?? "")).status).toBe(200);
    const tokens = fake.inspect().grants[0]?.refreshTokens ?? [];
    expect(tokens.filter((entry) => entry.evicted).map((entry) => entry.token)).toEqual([issued[0]]);
    expect(fake.inspect().grants[0]?.refreshToken).toBe(issued[100]);
  });
});

describe("fake Google: Calendar v3", () => {
  it("lists calendars with accessRole and primary, paginated", async () => {
    const { fake } = setup();
    fake.addCalendar("ada@example.com", { name: "Holidays", accessRole: "reader" });
    const { accessToken } = await connect(fake);
    const first = (await (
      await fake.handler(api("/users/me/calendarList?maxResults=2", accessToken))
    ).json()) as {
      items: Record<string, unknown>[];
      nextPageToken?: string;
    };
    expect(first.items).toMatchObject([
      { id: "ada@example.com", summary: "ada@example.com", accessRole: "owner", primary: true },
      { summary: "Team events", accessRole: "owner" },
    ]);
    expect(first.items[1]?.primary).toBeUndefined();
    const second = (await (
      await fake.handler(
        api(`/users/me/calendarList?maxResults=2&pageToken=${first.nextPageToken}`, accessToken),
      )
    ).json()) as { items: Record<string, unknown>[]; nextPageToken?: string };
    expect(second.items).toMatchObject([{ summary: "Holidays", accessRole: "reader" }]);
    expect(second.nextPageToken).toBeUndefined();
  });

  it("inserts with a client id (409 on a duplicate), gets, patches with etags, deletes (410 again, 404 unknown)", async () => {
    const { fake } = setup();
    const { accessToken } = await connect(fake);
    const path = "/calendars/primary/events";
    const body = JSON.stringify({ ...EVENT, id: "abc123def456" });
    const created = await fake.handler(api(path, accessToken, { method: "POST", body }));
    expect(created.status).toBe(200);
    const event = (await created.json()) as Record<string, unknown>;
    expect(event).toMatchObject({ id: "abc123def456", summary: "Standup", status: "confirmed" });
    expect(String(event.etag)).toMatch(/^"\d+"$/);

    const duplicate = await fake.handler(api(path, accessToken, { method: "POST", body }));
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ error: { code: 409, errors: [{ reason: "duplicate" }] } });

    const badId = await fake.handler(
      api(path, accessToken, { method: "POST", body: JSON.stringify({ ...EVENT, id: "UPPER" }) }),
    );
    expect(badId.status).toBe(400);

    const stale = await fake.handler(
      api(`${path}/abc123def456`, accessToken, {
        method: "PATCH",
        body: "{}",
        headers: { "if-match": '"1"' },
      }),
    );
    expect(stale.status).toBe(412);
    const patched = await fake.handler(
      api(`${path}/abc123def456`, accessToken, {
        method: "PATCH",
        body: JSON.stringify({ summary: "Retro" }),
      }),
    );
    const patchedBody = (await patched.json()) as Record<string, unknown>;
    expect(patchedBody).toMatchObject({ summary: "Retro", start: EVENT.start });
    expect(patchedBody.etag).not.toBe(event.etag);

    const got = (await (await fake.handler(api(`${path}/abc123def456`, accessToken))).json()) as Record<
      string,
      unknown
    >;
    expect(got.summary).toBe("Retro");

    expect((await fake.handler(api(`${path}/abc123def456`, accessToken, { method: "DELETE" }))).status).toBe(
      204,
    );
    const gone = await fake.handler(api(`${path}/abc123def456`, accessToken, { method: "DELETE" }));
    expect(gone.status).toBe(410);
    expect((await fake.handler(api(`${path}/zzz999`, accessToken, { method: "DELETE" }))).status).toBe(404);
    const cancelled = (await (await fake.handler(api(`${path}/abc123def456`, accessToken))).json()) as Record<
      string,
      unknown
    >;
    expect(cancelled.status).toBe("cancelled");
    expect(fake.callCount("events.insert")).toBe(3);
  });

  it("refuses writes to a reader calendar, missing scopes, and calls on a deleted calendar", async () => {
    const { fake } = setup();
    const reader = fake.addCalendar("ada@example.com", { name: "Holidays", accessRole: "reader" });
    const { accessToken } = await connect(fake);
    const body = JSON.stringify(EVENT);
    const forbidden = await fake.handler(
      api(`/calendars/${encodeURIComponent(reader.id)}/events`, accessToken, { method: "POST", body }),
    );
    expect(forbidden.status).toBe(403);

    const bob = await connect(fake, "bob@example.com");
    const scope = await fake.handler(
      api("/calendars/primary/events", bob.accessToken, { method: "POST", body }),
    );
    expect(scope.status).toBe(403);
    expect(scope.headers.get("www-authenticate")).toContain("insufficient_scope");

    const team = fake.account("ada@example.com")?.calendars[1]?.id ?? "";
    fake.deleteCalendar("ada@example.com", team);
    const deleted = await fake.handler(
      api(`/calendars/${encodeURIComponent(team)}/events`, accessToken, { method: "POST", body }),
    );
    expect(deleted.status).toBe(404);
  });

  it("answers 401 for unknown and expired tokens (by the injected clock)", async () => {
    const { fake, clock } = setup({ accessTokenTtlSeconds: 60 });
    const { accessToken } = await connect(fake);
    expect((await fake.handler(api("/users/me/calendarList", "ya29.nope"))).status).toBe(401);
    expect((await fake.handler(api("/users/me/calendarList", accessToken))).status).toBe(200);
    clock.advance(60_000);
    const expired = await fake.handler(api("/users/me/calendarList", accessToken));
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("invalid_token");
  });
});

describe("fake Google: rate limits and faults", () => {
  it("answers 429 with Retry-After past the per-account budget, or 403 rateLimitExceeded", async () => {
    const { fake, clock } = setup({ rateLimit: { requests: 2, windowMs: 1000 } });
    const { accessToken } = await connect(fake);
    const call = () => fake.handler(api("/users/me/calendarList", accessToken));
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    clock.advance(1000);
    expect((await call()).status).toBe(200);

    fake.rateLimitStatus = 403;
    fake.setRateLimit({ requests: 0, windowMs: 5000 }, "ada@example.com");
    const forbidden = await call();
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("retry-after")).toBe("5");
    expect(await forbidden.json()).toMatchObject({ error: { errors: [{ reason: "rateLimitExceeded" }] } });
  });

  it("fails the next token call with 500, invalid_grant, truncated JSON or a hang until aborted", async () => {
    const { fake } = setup();
    const { refreshToken } = await connect(fake);
    const refresh = (signal?: AbortSignal) =>
      fake.fetch(googleEndpoints(BASE).token, {
        method: "POST",
        headers: { authorization: `Basic ${btoa("client-1:secret-1")}` },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
        signal,
      });
    fake.failNextTokenCall("server_error");
    expect((await refresh()).status).toBe(500);
    fake.failNextTokenCall("invalid_grant");
    expect(await (await refresh()).json()).toMatchObject({ error: "invalid_grant" });
    fake.failNextTokenCall("truncated_json");
    await expect((await refresh()).json()).rejects.toThrow();
    fake.failNextTokenCall("timeout");
    await expect(refresh(AbortSignal.timeout(20))).rejects.toMatchObject({ name: "TimeoutError" });
    expect((await refresh()).status).toBe(200);
  });

  it("injects API faults, latency and control-API revocation", async () => {
    const { fake } = setup();
    const { accessToken } = await connect(fake);
    fake.injectFault("api", { kind: "rate_limited", retryAfterSeconds: 7 });
    const limited = await fake.handler(api("/users/me/calendarList", accessToken));
    expect(limited.headers.get("retry-after")).toBe("7");
    fake.injectFault("api", { kind: "server_error" }, 2);
    expect((await fake.handler(api("/users/me/calendarList", accessToken))).status).toBe(500);
    expect((await fake.handler(api("/users/me/calendarList", accessToken))).status).toBe(500);
    fake.setLatency(30);
    const started = performance.now();
    expect((await fake.handler(api("/users/me/calendarList", accessToken))).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    fake.setLatency(0);
    const control = await fake.handler(
      new Request(`${BASE}/__control`, {
        method: "POST",
        body: JSON.stringify({ action: "revokeGrants", email: "ada@example.com" }),
      }),
    );
    expect(await control.json()).toEqual({ revoked: 1 });
    expect((await fake.handler(api("/users/me/calendarList", accessToken))).status).toBe(401);
  });

  it("returns its whole state from GET /__inspect", async () => {
    const { fake } = setup();
    const { accessToken } = await connect(fake);
    await fake.handler(
      api("/calendars/primary/events", accessToken, { method: "POST", body: JSON.stringify(EVENT) }),
    );
    const state = (await (await fake.handler(new Request(`${BASE}/__inspect`))).json()) as {
      accounts: { email: string; calendars: { events: unknown[] }[] }[];
      grants: { email: string; accessTokens: string[] }[];
      calls: Record<string, number>;
    };
    expect(state.accounts.map((account) => account.email)).toEqual(["ada@example.com", "bob@example.com"]);
    expect(state.accounts[0]?.calendars[0]?.events).toHaveLength(1);
    expect(state.grants[0]?.accessTokens).toEqual([accessToken]);
    expect(state.calls).toMatchObject({ authorize: 1, token: 1, "events.insert": 1 });
  });
});
