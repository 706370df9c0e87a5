import { afterEach, describe, expect, it } from "vitest";
import type { FakeProvider } from "./fake-provider.ts";
import { createFakeGoogle } from "./google.ts";
import { createFakeMicrosoft } from "./microsoft.ts";
import { s256 } from "./util.ts";

const VERIFIER = "h".repeat(43);
const running: FakeProvider[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

describe("fake providers over loopback HTTP", () => {
  it("runs the whole Google flow through a real server: consent, token, calendar list, inspect", async () => {
    const fake = createFakeGoogle({ accounts: [{ email: "ada@example.com" }] });
    running.push(fake);
    const url = await fake.listen({ port: 0, host: "127.0.0.1" });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.endpoints.token).toBe(`${url}/token`);

    const authorize = new URL(fake.endpoints.authorization);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: "any-client",
      redirect_uri: "http://app.test/cb",
      state: "xyz",
      scope: "https://www.googleapis.com/auth/calendar.readonly openid email",
      code_challenge: await s256(VERIFIER),
      code_challenge_method: "S256",
      access_type: "offline",
      login_hint: "ada@example.com",
      fake_consent: "allow",
    }).toString();
    const consent = await fetch(authorize, { redirect: "manual" });
    expect(consent.status).toBe(303);
    const back = new URL(consent.headers.get("location") ?? "");
    expect(back.searchParams.get("state")).toBe("xyz");

    const token = await fetch(fake.endpoints.token, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: "any-client",
        code: back.searchParams.get("code") ?? "",
        redirect_uri: "http://app.test/cb",
        code_verifier: VERIFIER,
      }),
    });
    const tokens = (await token.json()) as { access_token: string; refresh_token: string };
    expect(tokens.refresh_token).toBeTruthy();

    const list = await fetch(`${fake.endpoints.apiBase}/users/me/calendarList`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(2);

    const page = await fetch(authorize.toString().replace("&fake_consent=allow", ""));
    expect(await page.text()).toContain(`action="${url}/o/oauth2/v2/auth/consent"`);

    const inspect = (await (await fetch(`${url}/__inspect`)).json()) as { calls: Record<string, number> };
    expect(inspect.calls).toMatchObject({ authorize: 2, token: 1, "calendarList.list": 1 });
  });

  it("holds a request on a timeout fault until the client gives up, and closes cleanly", async () => {
    const fake = createFakeMicrosoft();
    running.push(fake);
    await fake.listen();
    fake.failNextTokenCall("timeout");
    await expect(
      fetch(fake.endpoints.token, {
        method: "POST",
        body: "grant_type=refresh_token",
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
    const control = await fetch(`${fake.baseURL}/__control`, {
      method: "POST",
      body: JSON.stringify({ action: "addAccount", account: { email: "new@contoso.test" } }),
    });
    expect(await control.json()).toEqual({ ok: true });
    expect(fake.account("new@contoso.test")?.calendars).toHaveLength(2);
  });
});
