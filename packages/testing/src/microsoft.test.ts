import { describe, expect, it } from "vitest";
import { createFakeMicrosoft, type FakeMicrosoft, microsoftEndpoints } from "./microsoft.ts";
import { createManualClock, s256 } from "./util.ts";

const BASE = "http://fake.test/ms";
const VERIFIER = "m".repeat(50);
const SCOPES = ["offline_access", "Calendars.ReadWrite", "User.Read", "openid", "email"];
const endpoints = microsoftEndpoints(BASE, "contoso");

function setup() {
  const clock = createManualClock();
  const fake = createFakeMicrosoft({
    baseURL: BASE,
    tenant: "contoso",
    clients: [{ clientId: "ms-client", clientSecret: "ms-secret" }],
    accounts: [{ email: "ada@contoso.test" }, { email: "upn@contoso.test", mail: null }],
    now: clock.now,
  });
  return { fake, clock };
}

async function authorizationURL(scope = SCOPES.join(" ")): Promise<URL> {
  const url = new URL(endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: "ms-client",
    redirect_uri: "https://app.test/ms/cb",
    state: "st",
    scope,
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
  }).toString();
  return url;
}

function token(fields: Record<string, string>): Request {
  return new Request(endpoints.token, {
    method: "POST",
    headers: { authorization: `Basic ${btoa("ms-client:ms-secret")}` },
    body: new URLSearchParams(fields),
  });
}

async function connect(fake: FakeMicrosoft, email = "ada@contoso.test", scope?: string) {
  const back = await fake.consent(await authorizationURL(scope), { email });
  const response = await fake.handler(
    token({
      grant_type: "authorization_code",
      code: back.searchParams.get("code") ?? "",
      redirect_uri: "https://app.test/ms/cb",
      code_verifier: VERIFIER,
    }),
  );
  return (await response.json()) as Record<string, string | number | undefined>;
}

function graph(path: string, accessToken: unknown, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${String(accessToken)}`);
  return new Request(`${endpoints.apiBase}${path}`, { ...init, headers });
}

const EVENT = {
  subject: "Planning",
  start: { dateTime: "2025-01-07T09:00:00", timeZone: "UTC" },
  end: { dateTime: "2025-01-07T10:00:00", timeZone: "UTC" },
};

describe("fake Microsoft: Entra ID v2", () => {
  it("serves the consent page at the tenant's authorize endpoint", async () => {
    const { fake } = setup();
    const page = await (await fake.handler(new Request(await authorizationURL()))).text();
    expect(page).toContain("Sign in with Microsoft");
    expect(page).toContain(`action="${BASE}/contoso/oauth2/v2.0/authorize/consent"`);
  });

  it("issues a refresh token only with offline_access, and reports Graph scopes", async () => {
    const { fake } = setup();
    const full = await connect(fake);
    expect(full).toMatchObject({ token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600 });
    expect(String(full.scope).split(" ")).toEqual([
      "offline_access",
      "https://graph.microsoft.com/Calendars.ReadWrite",
      "https://graph.microsoft.com/User.Read",
      "openid",
      "email",
    ]);
    expect(String(full.refresh_token)).toMatch(/^M\.R3_fake_/);
    const online = await connect(fake, "ada@contoso.test", "Calendars.ReadWrite User.Read");
    expect(online.refresh_token).toBeUndefined();
  });

  it("rotates refresh tokens and rejects reuse of the old one with invalid_grant", async () => {
    const { fake } = setup();
    const first = await connect(fake);
    const rotated = (await (
      await fake.handler(
        token({
          grant_type: "refresh_token",
          refresh_token: String(first.refresh_token),
          scope: SCOPES.join(" "),
        }),
      )
    ).json()) as Record<string, unknown>;
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    const reuse = await fake.handler(
      token({ grant_type: "refresh_token", refresh_token: String(first.refresh_token) }),
    );
    expect(reuse.status).toBe(400);
    const error = (await reuse.json()) as Record<string, unknown>;
    expect(error.error).toBe("invalid_grant");
    expect(String(error.error_description)).toMatch(/^AADSTS70000:/);
    const next = await fake.handler(
      token({ grant_type: "refresh_token", refresh_token: String(rotated.refresh_token) }),
    );
    expect(next.status).toBe(200);
  });

  it("keeps one grant (consent) per account and client; revoking it through the control API ends every sign-in's tokens", async () => {
    const { fake } = setup();
    const first = await connect(fake);
    const second = await connect(fake);
    expect(fake.inspect().grants).toHaveLength(1);
    expect(fake.revokeGrants("ada@contoso.test")).toBe(1);
    for (const tokens of [first, second]) {
      const refresh = await fake.handler(
        token({ grant_type: "refresh_token", refresh_token: String(tokens.refresh_token) }),
      );
      expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
    }
  });

  it("has no revocation endpoint; revoking through the control API kills every token", async () => {
    const { fake } = setup();
    const tokens = await connect(fake);
    expect(fake.endpoints.revocation).toBeNull();
    expect(fake.revokeGrants("ada@contoso.test")).toBe(1);
    expect((await fake.handler(graph("/me", tokens.access_token))).status).toBe(401);
    const refresh = await fake.handler(
      token({ grant_type: "refresh_token", refresh_token: String(tokens.refresh_token) }),
    );
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
  });
});

describe("fake Microsoft: Graph", () => {
  it("answers /me with id, mail and userPrincipalName", async () => {
    const { fake } = setup();
    const ada = await connect(fake);
    expect(await (await fake.handler(graph("/me", ada.access_token))).json()).toMatchObject({
      id: fake.account("ada@contoso.test")?.id,
      mail: "ada@contoso.test",
      userPrincipalName: "ada@contoso.test",
    });
    const upn = await connect(fake, "upn@contoso.test");
    expect(await (await fake.handler(graph("/me", upn.access_token))).json()).toMatchObject({ mail: null });
  });

  it("lists calendars with canEdit and isDefaultCalendar, following @odata.nextLink", async () => {
    const { fake } = setup();
    fake.addCalendar("ada@contoso.test", { name: "Shared with me", accessRole: "reader" });
    const { access_token } = await connect(fake);
    const first = (await (await fake.handler(graph("/me/calendars?$top=2", access_token))).json()) as Record<
      string,
      unknown
    >;
    expect(first.value).toMatchObject([
      { name: "ada@contoso.test", isDefaultCalendar: true, canEdit: true },
      { name: "Team events", isDefaultCalendar: false, canEdit: true, hexColor: "#0b8043" },
    ]);
    const next = String(first["@odata.nextLink"]);
    const second = (await (
      await fake.handler(graph(next.slice(endpoints.apiBase.length), access_token))
    ).json()) as Record<string, unknown>;
    expect(second.value).toMatchObject([{ name: "Shared with me", canEdit: false }]);
    expect(second["@odata.nextLink"]).toBeUndefined();
  });

  it("honours a transactionId only for as long as its window says (unbounded by default)", async () => {
    const { fake, clock } = setup();
    const { access_token } = await connect(fake);
    const calendarId = fake.account("ada@contoso.test")?.calendars[1]?.id ?? "";
    const create = async (): Promise<string> => {
      const response = await fake.handler(
        graph(`/me/calendars/${encodeURIComponent(calendarId)}/events`, access_token, {
          method: "POST",
          body: JSON.stringify({ ...EVENT, transactionId: "tx-window" }),
        }),
      );
      return String(((await response.json()) as Record<string, unknown>).id);
    };
    fake.transactionIdWindowMs = 60_000;
    const first = await create();
    clock.advance(59_999);
    expect(await create()).toBe(first);
    clock.advance(1);
    // Forgotten: a late retry makes a second event, as a client that relies on the id alone would.
    expect(await create()).not.toBe(first);
    expect(fake.events("ada@contoso.test", calendarId)).toHaveLength(2);
  });

  it("creates events idempotently by transactionId, patches, deletes and answers 404 afterwards", async () => {
    const { fake } = setup();
    const { access_token } = await connect(fake);
    const calendarId = fake.account("ada@contoso.test")?.calendars[1]?.id ?? "";
    const create = () =>
      fake.handler(
        graph(`/me/calendars/${encodeURIComponent(calendarId)}/events`, access_token, {
          method: "POST",
          body: JSON.stringify({ ...EVENT, transactionId: "tx-1" }),
        }),
      );
    const first = await create();
    expect(first.status).toBe(201);
    const created = (await first.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ subject: "Planning", transactionId: "tx-1" });
    expect(String(created["@odata.etag"])).toMatch(/^W\/"/);
    const retried = (await (await create()).json()) as Record<string, unknown>;
    expect(retried.id).toBe(created.id);
    expect(fake.events("ada@contoso.test", calendarId)).toHaveLength(1);

    const id = encodeURIComponent(String(created.id));
    const patched = await fake.handler(
      graph(`/me/events/${id}`, access_token, {
        method: "PATCH",
        body: JSON.stringify({ subject: "Replanned" }),
      }),
    );
    expect(await patched.json()).toMatchObject({ subject: "Replanned", start: EVENT.start });
    expect((await fake.handler(graph(`/me/events/${id}`, access_token, { method: "DELETE" }))).status).toBe(
      204,
    );
    const again = await fake.handler(graph(`/me/events/${id}`, access_token, { method: "DELETE" }));
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: "ErrorItemNotFound" } });
    expect((await fake.handler(graph(`/me/events/${id}`, access_token))).status).toBe(404);
  });

  it("lists a calendar's events filtered by a singleValueExtendedProperty, as Graph documents", async () => {
    const { fake } = setup();
    const { access_token } = await connect(fake);
    const calendarId = fake.account("ada@contoso.test")?.calendars[1]?.id ?? "";
    const events = `/me/calendars/${encodeURIComponent(calendarId)}/events`;
    const property = "String {00020329-0000-0000-c000-000000000046} Name key";
    for (const value of ["k-1", "k-2"]) {
      await fake.handler(
        graph(events, access_token, {
          method: "POST",
          body: JSON.stringify({
            ...EVENT,
            subject: value,
            singleValueExtendedProperties: [{ id: property, value }],
          }),
        }),
      );
    }
    const filter = (value: string) =>
      `singleValueExtendedProperties/Any(ep: ep/id eq '${property}' and ep/value eq '${value}')`;
    const list = async (query: string) =>
      fake.handler(graph(`${events}?$filter=${encodeURIComponent(query)}`, access_token));
    const found = (await (await list(filter("k-2"))).json()) as { value: Record<string, unknown>[] };
    expect(found.value.map((event) => event.subject)).toEqual(["k-2"]);
    // Extended properties come back only when expanded.
    expect(found.value[0]?.singleValueExtendedProperties).toBeUndefined();
    expect(((await (await list(filter("k-3"))).json()) as { value: unknown[] }).value).toEqual([]);
    expect((await list("subject eq 'k-1'")).status).toBe(400);
  });

  it("answers 403 without Calendars.ReadWrite, 404 for a deleted calendar and 429 with Retry-After", async () => {
    const { fake } = setup();
    const readOnly = await connect(fake, "ada@contoso.test", "offline_access calendars.read User.Read");
    const calendarId = fake.account("ada@contoso.test")?.calendars[0]?.id ?? "";
    const post = (accessToken: unknown) =>
      fake.handler(
        graph(`/me/calendars/${encodeURIComponent(calendarId)}/events`, accessToken, {
          method: "POST",
          body: JSON.stringify(EVENT),
        }),
      );
    const denied = await post(readOnly.access_token);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: "ErrorAccessDenied" } });
    expect((await fake.handler(graph("/me/calendars", readOnly.access_token))).status).toBe(200);

    const { access_token } = await connect(fake);
    fake.deleteCalendar("ada@contoso.test", calendarId);
    expect((await post(access_token)).status).toBe(404);

    fake.setRateLimit({ requests: 1, windowMs: 2000 }, "ada@contoso.test");
    expect((await fake.handler(graph("/me", access_token))).status).toBe(200);
    const limited = await fake.handler(graph("/me", access_token));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
  });

  it("answers 401 once the access token expires by the injected clock", async () => {
    const { fake, clock } = setup();
    const { access_token } = await connect(fake);
    clock.advance(3_599_000);
    expect((await fake.handler(graph("/me", access_token))).status).toBe(200);
    clock.advance(1000);
    const expired = await fake.handler(graph("/me", access_token));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  });
});
