import { FIXTURE_ACTIVITY } from "../testing/activity-fixtures.ts";
import { CONNECTION_FIXTURES, fixtureHostFormProvider, fixtureProviders } from "../testing/fixtures.ts";
import { CalendarConnectionsError, createCalendarConnectionsClient } from "./client.ts";

function stubFetch(status: number, body: unknown, contentType = "application/json") {
  return vi.fn<typeof fetch>(
    async () =>
      new Response(body === null ? null : JSON.stringify(body), {
        status,
        headers: { "content-type": contentType },
      }),
  );
}

describe("createCalendarConnectionsClient", () => {
  it("reads the providers from the base path and validates them", async () => {
    const fetch = stubFetch(200, { providers: fixtureProviders() });
    const client = createCalendarConnectionsClient({ basePath: "/api/calendar-connections/", fetch });
    const { providers } = await client.listProviders();
    expect(providers.map((provider) => provider.id)).toEqual([
      "google",
      "microsoft",
      "ics",
      "google-service-account",
    ]);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe("/api/calendar-connections/providers");
    expect(init).toMatchObject({ method: "GET", credentials: "same-origin" });
    expect(init?.body).toBeUndefined();
  });

  it("asks for the providers in the page's locale", async () => {
    const fetch = stubFetch(200, { providers: [...fixtureProviders(), fixtureHostFormProvider()] });
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    const { providers } = await client.listProviders("de-CH");
    expect(providers.at(-1)?.connect).toMatchObject({ kind: "form" });
    expect(fetch.mock.calls[0]?.[0]).toBe("/cc/providers?locale=de-CH");
  });

  it("sends a form provider's input with POST /connections", async () => {
    const fetch = stubFetch(201, {
      connection: { ...CONNECTION_FIXTURES.connected, provider: "acme-calendar" },
    });
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    await client.createConnection({ provider: "acme-calendar", input: { username: "ops@acme.example" } });
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({
      method: "POST",
      body: '{"provider":"acme-calendar","input":{"username":"ops@acme.example"}}',
    });
  });

  it("sends mutations as same-origin JSON to the routes of the API", async () => {
    const connection = CONNECTION_FIXTURES.connected;
    const fetch = stubFetch(200, connection);
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    await client.selectCalendar("conn 1", "primary");
    await client.refresh("conn_1");
    const [patchUrl, patch] = fetch.mock.calls[0] ?? [];
    expect(patchUrl).toBe("/cc/connections/conn%201");
    expect(patch).toMatchObject({
      method: "PATCH",
      credentials: "same-origin",
      body: '{"calendarId":"primary"}',
    });
    expect(patch?.headers).toMatchObject({ "content-type": "application/json" });
    expect(fetch.mock.calls[1]?.[0]).toBe("/cc/connections/conn_1/refresh");
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({ method: "POST" });
  });

  it("requeues a connection's dead letters and validates the count", async () => {
    const fetch = stubFetch(200, { requeued: 3 });
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    await expect(client.requeueDeadLetters("conn 1")).resolves.toEqual({ requeued: 3 });
    expect(fetch.mock.calls[0]?.[0]).toBe("/cc/connections/conn%201/dead-letters/requeue");
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: "POST", credentials: "same-origin" });
    const broken = createCalendarConnectionsClient({
      basePath: "/cc",
      fetch: stubFetch(200, { requeued: -1 }),
    });
    await expect(broken.requeueDeadLetters("conn_1")).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("reads a page of activity and retries one event", async () => {
    const fetch = stubFetch(200, FIXTURE_ACTIVITY);
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    await expect(client.getActivity("conn_1", { limit: 5, cursor: "c 2" })).resolves.toEqual(
      FIXTURE_ACTIVITY,
    );
    expect(fetch.mock.calls[0]?.[0]).toBe("/cc/connections/conn_1/activity?limit=5&cursor=c+2");
    await client.getActivity("conn_1").catch(() => undefined);
    expect(fetch.mock.calls[1]?.[0]).toBe("/cc/connections/conn_1/activity");
    const retry = stubFetch(200, { retried: true, nextAttemptAt: null });
    const retrying = createCalendarConnectionsClient({ basePath: "/cc", fetch: retry });
    await expect(retrying.retryEvent("conn_1", "evt/1")).resolves.toEqual({
      retried: true,
      nextAttemptAt: null,
    });
    expect(retry.mock.calls[0]?.[0]).toBe("/cc/connections/conn_1/events/evt%2F1/retry");
    expect(retry.mock.calls[0]?.[1]).toMatchObject({ method: "POST" });
  });

  it("lists disconnected connections on request, and a connection's audit", async () => {
    const fetch = stubFetch(200, { connections: [] });
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    await client.listConnections({ includeDisconnected: true });
    expect(fetch.mock.calls[0]?.[0]).toBe("/cc/connections?include=disconnected");
    const audit = stubFetch(200, { entries: [] });
    await expect(
      createCalendarConnectionsClient({ basePath: "/cc", fetch: audit }).listAudit("conn_1"),
    ).resolves.toEqual({ entries: [] });
    expect(audit.mock.calls[0]?.[0]).toBe("/cc/connections/conn_1/audit");
  });

  it("starts OAuth with returnTo and answers the authorization URL", async () => {
    const fetch = stubFetch(200, { authorizationURL: "https://accounts.google.com/o/oauth2/v2/auth?x=1" });
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    const { authorizationURL } = await client.startOAuth("google", "/admin/calendars");
    expect(authorizationURL).toContain("accounts.google.com");
    expect(fetch.mock.calls[0]?.[0]).toBe("/cc/oauth/google/start");
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('{"returnTo":"/admin/calendars"}');
  });

  it("creates an instant provider's connection with POST /connections", async () => {
    const fetch = stubFetch(201, {
      connection: CONNECTION_FIXTURES.feed,
      feedUrl: "https://app.example/api/calendar-connections/feeds/abc.ics",
    });
    const client = createCalendarConnectionsClient({ basePath: "/cc", fetch });
    const created = await client.createConnection({ provider: "ics" });
    expect(created.feedUrl).toMatch(/\.ics$/);
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: "POST", body: '{"provider":"ics"}' });
  });

  it("disconnects with DELETE and accepts 204 or the connection", async () => {
    const empty = createCalendarConnectionsClient({ basePath: "/cc", fetch: stubFetch(204, null) });
    await expect(empty.disconnect("conn_1")).resolves.toBeNull();
    const body = { ...CONNECTION_FIXTURES.connected, status: "disconnected" };
    const full = createCalendarConnectionsClient({ basePath: "/cc", fetch: stubFetch(200, body) });
    await expect(full.disconnect("conn_1")).resolves.toMatchObject({ status: "disconnected" });
    const wrapped = createCalendarConnectionsClient({
      basePath: "/cc",
      fetch: stubFetch(200, { connection: body }),
    });
    await expect(wrapped.disconnect("conn_1")).resolves.toMatchObject({ status: "disconnected" });
  });

  it("throws a typed error carrying the problem's code", async () => {
    const problem = {
      type: "urn:calendar-connections:problem:calendar_not_writable",
      title: "The connected account cannot write to this calendar.",
      status: 422,
      code: "calendar_not_writable",
    };
    const client = createCalendarConnectionsClient({
      basePath: "/cc",
      fetch: stubFetch(422, problem, "application/problem+json"),
    });
    const error = await client.selectCalendar("conn_1", "ro").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CalendarConnectionsError);
    expect(error).toMatchObject({ code: "calendar_not_writable", status: 422, problem });
  });

  it("refuses a body that breaks the contract", async () => {
    const client = createCalendarConnectionsClient({
      basePath: "/cc",
      fetch: stubFetch(200, { connections: [{}] }),
    });
    await expect(client.listConnections()).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("names network failures and non-problem errors", async () => {
    const offline = createCalendarConnectionsClient({
      basePath: "/cc",
      fetch: vi.fn<typeof fetch>(async () => {
        throw new TypeError("Failed to fetch");
      }),
    });
    await expect(offline.listProviders()).rejects.toMatchObject({ code: "network_error", status: 0 });
    const proxy = createCalendarConnectionsClient({
      basePath: "/cc",
      fetch: stubFetch(502, "Bad gateway", "text/html"),
    });
    await expect(proxy.listProviders()).rejects.toMatchObject({ code: "internal_error", status: 502 });
  });
});
