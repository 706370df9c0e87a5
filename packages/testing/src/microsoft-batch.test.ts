import {
  BatchRequestContent,
  type BatchResponseBody,
  BatchResponseContent,
} from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { createFakeMicrosoft, type FakeMicrosoft, microsoftEndpoints } from "./microsoft.ts";
import { createManualClock, s256 } from "./util.ts";

// The fake's `$batch`, driven by Microsoft's own Graph client: its BatchRequestContent builds the
// payload and its BatchResponseContent reads the answer, so the fake agrees with Graph's SDK, not
// only with the kit's client.
const BASE = "http://fake.test/ms";
const VERIFIER = "m".repeat(50);
const endpoints = microsoftEndpoints(BASE, "contoso");

function setup() {
  const fake = createFakeMicrosoft({
    baseURL: BASE,
    tenant: "contoso",
    clients: [{ clientId: "ms-client", clientSecret: "ms-secret" }],
    accounts: [{ email: "ada@contoso.test" }],
    now: createManualClock().now,
  });
  return { fake };
}

async function accessToken(fake: FakeMicrosoft): Promise<string> {
  const url = new URL(endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: "ms-client",
    redirect_uri: "https://app.test/ms/cb",
    state: "st",
    scope: "offline_access Calendars.ReadWrite User.Read",
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
  }).toString();
  const back = await fake.consent(url, { email: "ada@contoso.test" });
  const response = await fake.handler(
    new Request(endpoints.token, {
      method: "POST",
      headers: { authorization: `Basic ${btoa("ms-client:ms-secret")}` },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        redirect_uri: "https://app.test/ms/cb",
        code_verifier: VERIFIER,
      }),
    }),
  );
  return String(((await response.json()) as { access_token: string }).access_token);
}

const EVENT = {
  subject: "Standup",
  start: { dateTime: "2030-01-01T09:00:00", timeZone: "UTC" },
  end: { dateTime: "2030-01-01T09:15:00", timeZone: "UTC" },
};

/** A step as Graph's SDK takes it (the SDK strips scheme and host: the url is relative to v1.0). */
function step(id: string, method: string, path: string, body?: unknown) {
  return {
    id,
    request: new Request(`https://graph.invalid${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    }),
  };
}

async function send(fake: FakeMicrosoft, token: string, steps: ReturnType<typeof step>[]) {
  const content = await new BatchRequestContent(steps).getContent();
  return fake.handler(
    new Request(`${endpoints.apiBase}/$batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(content),
    }),
  );
}

describe("fake Microsoft Graph $batch", () => {
  it("answers each request under its id, per-item errors inside a 200", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    const response = await send(fake, token, [
      step("1", "POST", "/me/events", { ...EVENT, transactionId: "t-1" }),
      step("2", "GET", "/me/events/nosuchid"),
      step("3", "GET", "/me"),
    ]);
    expect(response.status).toBe(200);
    const read = new BatchResponseContent((await response.json()) as BatchResponseBody);
    expect(read.getResponseById("1").status).toBe(201);
    expect(await read.getResponseById("1").json()).toMatchObject({
      subject: "Standup",
      transactionId: "t-1",
    });
    expect(read.getResponseById("2").status).toBe(404);
    expect(read.getResponseById("3").status).toBe(200);
    expect(fake.batchSizes()).toEqual([3]);
  });

  it("counts every item against the rate limit: the items past it answer 429 with Retry-After", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    fake.setRateLimit({ requests: 2, windowMs: 5_000 });
    const steps = ["a", "b", "c"].map((id) =>
      step(id, "POST", "/me/events", { ...EVENT, transactionId: id }),
    );
    const read = new BatchResponseContent(
      (await (await send(fake, token, steps)).json()) as BatchResponseBody,
    );
    expect([..."abc"].map((id) => read.getResponseById(id).status)).toEqual([201, 201, 429]);
    expect(read.getResponseById("c").headers.get("retry-after")).toBe("5");
  });

  it("refuses more than 20 requests, duplicate ids and a malformed payload, running nothing", async () => {
    const { fake } = setup();
    const token = await accessToken(fake);
    const raw = (body: unknown) =>
      fake.handler(
        new Request(`${endpoints.apiBase}/$batch`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const item = (id: string) => ({
      id,
      method: "POST",
      url: "/me/events",
      headers: { "content-type": "application/json" },
      body: EVENT,
    });
    expect((await raw({ requests: Array.from({ length: 21 }, (_, at) => item(String(at))) })).status).toBe(
      400,
    );
    expect((await raw({ requests: [item("1"), item("1")] })).status).toBe(400);
    expect((await raw({ nope: true })).status).toBe(400);
    expect(fake.callCount("events.create")).toBe(0);
    // Graph's own SDK refuses the 21st step before sending anything.
    expect(
      () => new BatchRequestContent(Array.from({ length: 21 }, (_, at) => step(String(at), "GET", "/me"))),
    ).toThrow();
  });

  it("answers 401 per item when the outer token is invalid", async () => {
    const { fake } = setup();
    const read = new BatchResponseContent(
      (await (await send(fake, "bad", [step("1", "GET", "/me")])).json()) as BatchResponseBody,
    );
    expect(read.getResponseById("1").status).toBe(401);
  });
});
