import { createFakeMicrosoft, createManualClock } from "@org/calendar-connections-testing";
import { describe, expect, it } from "vitest";
import type { HostEvent } from "../../events/types.ts";
import { createBatchingFetch } from "../batch-transport.ts";
import { isProviderError } from "../errors.ts";
import { graphBatchCodec } from "./batch.ts";
import { microsoftProvider } from "./client.ts";

// The Graph client over the batching transport: the same calls as alone, in $batch requests.
const VERIFIER = "ms-verifier-".repeat(5);
const EVENT: HostEvent = {
  title: "Sprint review",
  start: new Date("2025-03-04T14:00:00Z"),
  end: new Date("2025-03-04T15:00:00Z"),
};

function setup() {
  const clock = createManualClock();
  const fake = createFakeMicrosoft({
    baseURL: "http://fake.test/ms",
    tenant: "contoso",
    clients: [{ clientId: "ms-client", clientSecret: "ms-secret", redirectURIs: ["https://app.test/ms/cb"] }],
    accounts: [{ email: "ada@contoso.test" }],
    now: clock.now,
  });
  const options = {
    clientId: "ms-client",
    clientSecret: "ms-secret",
    redirectURI: "https://app.test/ms/cb",
    tenant: "contoso",
    endpoints: fake.endpoints,
    now: () => new Date(clock.now()),
  };
  const plain = microsoftProvider({ ...options, fetch: fake.fetch });
  const transport = createBatchingFetch(graphBatchCodec(fake.endpoints.apiBase), fake.fetch, {
    maxWaitMs: 5,
  });
  const batched = microsoftProvider({ ...options, fetch: transport.fetch });
  const token = async () => {
    const url = plain.createAuthorizationURL({ state: "state", codeVerifier: VERIFIER });
    const back = await fake.consent(url, { email: "ada@contoso.test" });
    return (await plain.exchangeCode(back.searchParams.get("code") ?? "", VERIFIER)).accessToken;
  };
  return { fake, plain, batched, transport, token };
}

describe("Graph client over $batch", () => {
  it("sends concurrent writes as one $batch of at most 20 and maps each answer back", async () => {
    const { fake, batched, token } = setup();
    const accessToken = await token();
    const [calendar] = await batched.listCalendars(accessToken);
    const calendarId = calendar?.id ?? "";
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        batched.upsertEvent(accessToken, {
          calendarId,
          connectionId: "conn_1",
          eventId: `evt_${index}`,
          event: { ...EVENT, title: `Event ${index}` },
        }),
      ),
    );
    expect(fake.batchSizes().slice(-2)).toEqual([20, 5]);
    const events = fake.events("ada@contoso.test", calendarId);
    expect(events).toHaveLength(25);
    for (const [index, result] of results.entries())
      expect(events.find((event) => event.id === result.externalId)?.resource.subject).toBe(`Event ${index}`);
  });

  it("finds an event by its key through a batch, as a single call does", async () => {
    const { batched, plain, token } = setup();
    const accessToken = await token();
    const [calendar] = await plain.listCalendars(accessToken);
    const calendarId = calendar?.id ?? "";
    const written = await plain.upsertEvent(accessToken, {
      calendarId,
      connectionId: "conn_1",
      eventId: "evt_1",
      event: EVENT,
    });
    const key = { calendarId, connectionId: "conn_1", eventId: "evt_1" };
    expect(await plain.findEventByKey?.(accessToken, key)).toEqual({ externalId: written.externalId });
    expect(await batched.findEventByKey?.(accessToken, key)).toEqual({ externalId: written.externalId });
  });

  it("gives a 429 item its Retry-After and a 404 item its not_found, the others succeed", async () => {
    const { fake, batched, token } = setup();
    const accessToken = await token();
    const [calendar] = await batched.listCalendars(accessToken);
    const calendarId = calendar?.id ?? "";
    fake.setRateLimit({ requests: 2, windowMs: 7_000 });
    const outcomes = await Promise.allSettled([
      batched.upsertEvent(accessToken, { calendarId, connectionId: "c", eventId: "a", event: EVENT }),
      batched.deleteEvent(accessToken, { calendarId, externalId: "missing" }),
      batched.upsertEvent(accessToken, { calendarId, connectionId: "c", eventId: "b", event: EVENT }),
    ]);
    expect(outcomes[0]?.status).toBe("fulfilled");
    expect(outcomes[1]).toMatchObject({ status: "fulfilled", value: { alreadyGone: true } });
    const limited = outcomes[2]?.status === "rejected" ? outcomes[2].reason : null;
    expect(isProviderError(limited, "rate_limited")).toBe(true);
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBe(7_000);
  });
});
