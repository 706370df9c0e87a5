import { createFakeGoogle, createManualClock } from "@org/calendar-connections-testing";
import { describe, expect, it } from "vitest";
import type { HostEvent } from "../../events/types.ts";
import { createBatchingFetch } from "../batch-transport.ts";
import { isProviderError } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import { GOOGLE_BATCH_MAX_CALLS, googleBatchCodec, googleBatchURL } from "./batch.ts";
import { googleProvider } from "./client.ts";

// The Calendar v3 client over the batching transport: the same calls as alone, in multipart/mixed batches.
const CLIENT = {
  clientId: "google-client",
  clientSecret: "google-secret",
  redirectURIs: ["https://app.test/cb"],
};
const VERIFIER = "verifier-".repeat(6);
const EVENT: HostEvent = {
  title: "Board meeting",
  start: new Date("2025-02-03T10:00:00Z"),
  end: new Date("2025-02-03T11:00:00Z"),
  timeZone: "Europe/Berlin",
};

function setup() {
  const clock = createManualClock();
  const fake = createFakeGoogle({
    baseURL: "http://fake.test/google",
    clients: [CLIENT],
    accounts: [{ email: "ada@acme.test" }],
    now: clock.now,
  });
  const options = {
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectURI: "https://app.test/cb",
    endpoints: fake.endpoints,
    now: () => new Date(clock.now()),
  };
  const plain = googleProvider({ ...options, fetch: fake.fetch });
  const transport = createBatchingFetch(googleBatchCodec(fake.endpoints.apiBase), fake.fetch, {
    maxWaitMs: 5,
  });
  const batched = googleProvider({ ...options, fetch: transport.fetch });
  const token = async () => {
    const url = plain.createAuthorizationURL({ state: "s".repeat(43), codeVerifier: VERIFIER });
    const back = await fake.consent(url, { email: "ada@acme.test" });
    return (await plain.exchangeCode(back.searchParams.get("code") ?? "", VERIFIER)).accessToken;
  };
  return { fake, batched, token };
}

describe("Google client over the batch endpoint", () => {
  it("derives the batch URL from the API base", () => {
    expect(googleBatchURL("https://www.googleapis.com/calendar/v3")).toBe(
      "https://www.googleapis.com/batch/calendar/v3",
    );
    expect(googleBatchURL("http://fake.test/google/calendar/v3/")).toBe(
      "http://fake.test/google/batch/calendar/v3",
    );
  });

  it("sends concurrent upserts in batches of at most 50 under the deterministic ids", async () => {
    const { fake, batched, token } = setup();
    const accessToken = await token();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        batched.upsertEvent(accessToken, {
          calendarId: "primary",
          connectionId: "conn_1",
          eventId: `evt_${index}`,
          event: { ...EVENT, title: `Event ${index}` },
        }),
      ),
    );
    expect(fake.batchSizes()).toEqual([GOOGLE_BATCH_MAX_CALLS, 10]);
    for (const [index, result] of results.entries())
      expect(result).toMatchObject({
        externalId: deterministicEventId("conn_1", `evt_${index}`),
        created: true,
      });
    expect(fake.events("ada@acme.test", "ada@acme.test")).toHaveLength(60);
  });

  it("keeps idempotency: a retried insert answers 409 inside the batch and is patched", async () => {
    const { fake, batched, token } = setup();
    const accessToken = await token();
    const input = { calendarId: "primary", connectionId: "conn_1", eventId: "evt_1", event: EVENT };
    await batched.upsertEvent(accessToken, input);
    const again = await batched.upsertEvent(accessToken, { ...input, event: { ...EVENT, title: "Moved" } });
    expect(again).toMatchObject({ externalId: deterministicEventId("conn_1", "evt_1"), created: false });
    const events = fake.events("ada@acme.test", "ada@acme.test");
    expect(events.map((event) => event.resource.summary)).toEqual(["Moved"]);
    expect(fake.callCount("events.patch")).toBe(1);
  });

  it("gives a 429 item its Retry-After and a 401 item unauthorized, the others succeed", async () => {
    const { fake, batched, token } = setup();
    const accessToken = await token();
    fake.setRateLimit({ requests: 1, windowMs: 9_000 });
    const outcomes = await Promise.allSettled([
      batched.upsertEvent(accessToken, {
        calendarId: "primary",
        connectionId: "c",
        eventId: "a",
        event: EVENT,
      }),
      batched.upsertEvent(accessToken, {
        calendarId: "primary",
        connectionId: "c",
        eventId: "b",
        event: EVENT,
      }),
      batched.upsertEvent("wrong-token", {
        calendarId: "primary",
        connectionId: "c",
        eventId: "x",
        event: EVENT,
      }),
    ]);
    expect(fake.batchSizes()).toEqual([3]);
    expect(outcomes[0]?.status).toBe("fulfilled");
    const limited = outcomes[1]?.status === "rejected" ? outcomes[1].reason : null;
    expect(isProviderError(limited, "rate_limited")).toBe(true);
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBe(9_000);
    const refused = outcomes[2]?.status === "rejected" ? outcomes[2].reason : null;
    expect(isProviderError(refused, "unauthorized")).toBe(true);
  });

  it("gives every call the answer of a batch refused as a whole", async () => {
    const { fake, batched, token } = setup();
    const accessToken = await token();
    fake.injectFault("batch", { kind: "server_error", status: 503 });
    const outcomes = await Promise.allSettled(
      ["a", "b"].map((eventId) =>
        batched.upsertEvent(accessToken, { calendarId: "primary", connectionId: "c", eventId, event: EVENT }),
      ),
    );
    for (const outcome of outcomes)
      expect(isProviderError(outcome.status === "rejected" ? outcome.reason : null, "unavailable")).toBe(
        true,
      );
  });
});
