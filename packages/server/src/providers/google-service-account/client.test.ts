import { createFakeGoogle, createManualClock } from "@org/calendar-connections-testing";
import { beforeAll, describe, expect, it } from "vitest";
import { rejection, rsaKeyPairPem } from "../test.support.ts";
import { googleServiceAccountProvider, parseServiceAccountKey } from "./client.ts";

const SA = "legacy-sync@acme-project.iam.gserviceaccount.com";
let privatePem = "";
let publicPem = "";
let otherPrivatePem = "";

beforeAll(async () => {
  ({ privatePem, publicPem } = await rsaKeyPairPem());
  otherPrivatePem = (await rsaKeyPairPem()).privatePem;
});

function setup(
  options: { subject?: string | null; key?: string; delegation?: boolean; clockAheadMs?: number } = {},
) {
  const clock = createManualClock();
  const assertions: Record<string, unknown>[] = [];
  const fake = createFakeGoogle({
    baseURL: "http://fake.test/google",
    accounts: [{ email: "calendar-admin@acme.test" }],
    serviceAccounts: [{ clientEmail: SA, publicKeyPem: publicPem, delegation: options.delegation ?? true }],
    now: clock.now,
  });
  const provider = googleServiceAccountProvider({
    key: JSON.stringify({
      type: "service_account",
      client_email: SA,
      private_key: options.key ?? privatePem,
      private_key_id: "k1",
    }),
    subject: options.subject === undefined ? "calendar-admin@acme.test" : options.subject,
    endpoints: fake.endpoints,
    fetch: (input, init) => {
      const assertion = new URLSearchParams(String(init?.body ?? "")).get("assertion");
      const payload = assertion?.split(".")[1];
      if (payload !== undefined) {
        assertions.push(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
      }
      return fake.fetch(input, init);
    },
    now: () => new Date(clock.now() + (options.clockAheadMs ?? 0)),
  });
  return { clock, fake, provider, assertions };
}

describe("googleServiceAccountProvider", () => {
  it("mints a token with an RS256 JWT assertion, caches it, and writes into the impersonated user's calendar", async () => {
    const { fake, provider, clock } = setup();
    const [first, second] = await Promise.all([provider.getAccessToken(), provider.getAccessToken()]);
    expect(first?.accessToken).toMatch(/^ya29\./);
    expect(second).toEqual(first);
    expect(first?.refreshToken).toBeNull();
    expect(fake.callCount("token.urn:ietf:params:oauth:grant-type:jwt-bearer")).toBe(1);

    const result = await provider.upsertEvent(first?.accessToken ?? "", {
      calendarId: "primary",
      connectionId: "legacy-org-1",
      eventId: "evt_1",
      event: {
        title: "Legacy sync",
        start: new Date("2025-04-01T08:00:00Z"),
        end: new Date("2025-04-01T09:00:00Z"),
      },
    });
    expect(result.created).toBe(true);
    expect(fake.events("calendar-admin@acme.test", "calendar-admin@acme.test")).toHaveLength(1);

    clock.advance(3600_000 - 30_000);
    const renewed = await provider.getAccessToken();
    expect(renewed.accessToken).not.toBe(first?.accessToken);
    expect(fake.callCount("token.urn:ietf:params:oauth:grant-type:jwt-bearer")).toBe(2);
  });

  it("is refused with invalid_grant for a wrong key or an unknown user, and without delegation", async () => {
    expect((await rejection(setup({ key: otherPrivatePem }).provider.getAccessToken())).kind).toBe(
      "invalid_grant",
    );
    expect((await rejection(setup({ subject: "nobody@acme.test" }).provider.getAccessToken())).kind).toBe(
      "invalid_grant",
    );
    const noDelegation = await rejection(setup({ delegation: false }).provider.getAccessToken());
    expect(noDelegation).toMatchObject({
      kind: "invalid_request",
      status: 401,
      providerCode: "unauthorized_client",
    });
  });

  it("backdates the assertion's iat by a minute, so a server clock ahead of Google's still mints", async () => {
    const { provider, assertions, clock } = setup({ clockAheadMs: 90_000 });
    const token = await provider.getAccessToken();
    expect(token.accessToken).toMatch(/^ya29\./);
    const now = Math.floor((clock.now() + 90_000) / 1000);
    expect(assertions).toEqual([expect.objectContaining({ iat: now - 60, exp: now - 60 + 3600 })]);
  });

  it("checks the key without ever quoting it", () => {
    expect(() => parseServiceAccountKey("{not json")).toThrow("not valid JSON");
    let message = "";
    try {
      parseServiceAccountKey(JSON.stringify({ client_email: SA, private_key: "secret-material" }));
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toContain("PEM private_key");
    expect(message).not.toContain("secret-material");
  });
});
