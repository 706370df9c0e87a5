import { type RadicaleServer, startRadicale } from "@org/calendar-connections-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionAccess } from "../define.ts";
import { rejection } from "../test.support.ts";
import { radicaleAccess } from "./caldav.support.ts";
import { caldav, icloud } from "./index.ts";

const USER = "bob";
const PASSWORD = "bob-app-password-1c9d";
const EVENT = {
  title: "Planning",
  start: new Date("2026-12-07T10:00:00Z"),
  end: new Date("2026-12-07T11:00:00Z"),
};

/** A fetch to Radicale that notes each request and can answer in a server's place (a redirect, no ETag). */
function recorder(intercept?: (request: Request) => Response | null) {
  const seen: { method: string; url: string; authorized: boolean }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    seen.push({ method: request.method, url: request.url, authorized: request.headers.has("authorization") });
    return intercept?.(request) ?? fetch(request);
  };
  return { seen, fetcher };
}

describe("CalDAV operations against Radicale: preconditions, missing ETags, read-only, redirects", () => {
  let radicale: RadicaleServer;
  let access: ConnectionAccess;
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;

  beforeAll(async () => {
    radicale = await startRadicale({
      user: USER,
      password: PASSWORD,
      calendars: [
        { slug: "team", name: "Team" },
        { slug: "archive", name: "Archive", readOnly: true },
      ],
    });
    access = radicaleAccess(
      radicale,
      { user: USER, password: PASSWORD, slug: "team" },
      { connectionId: "conn_1", organizationId: "org_1" },
    );
  });
  afterAll(async () => {
    await radicale.close();
  });

  const providerWith = (fetcher: typeof fetch) =>
    caldav({ fetch: fetcher, allowServer: (url) => url.origin === radicale.url });
  const key = (eventId: string) => ({
    calendarId: radicale.calendarURL("team"),
    connectionId: "conn_1",
    eventId,
  });

  it("a retried create (412 on If-None-Match) updates the event instead of doubling it", async () => {
    const { calendar } = providerWith(recorder().fetcher);
    const first = await calendar?.upsertEvent(access, { ...key("evt-a"), event: EVENT });
    const again = await calendar?.upsertEvent(access, {
      ...key("evt-a"),
      event: { ...EVENT, title: "Again" },
    });
    expect(first).toMatchObject({ created: true });
    expect(again).toMatchObject({ externalId: first?.externalId, created: false });
    expect(again?.etag).not.toBe(first?.etag);
  });

  it("a stale ETag (someone edited the event) is a 412: the kit fetches, overwrites and says so", async () => {
    const { calendar } = providerWith(recorder().fetcher);
    const written = await calendar?.upsertEvent(access, { ...key("evt-b"), event: EVENT });
    const url = `${radicale.calendarURL("team")}${written?.externalId}.ics`;
    const theirs = (await (await fetch(url, { headers: { authorization: basic } })).text()).replace(
      "SUMMARY:Planning",
      "SUMMARY:Edited by a person",
    );
    const edit = await fetch(url, { method: "PUT", headers: { authorization: basic }, body: theirs });
    expect(edit.status).toBeLessThan(300);
    const result = await calendar?.updateEvent(access, {
      calendarId: radicale.calendarURL("team"),
      externalId: written?.externalId ?? "",
      etag: written?.etag ?? null,
      event: { ...EVENT, title: "Planning (kit)" },
    });
    expect(result).toMatchObject({ overwritten: true, created: false });
    expect(await (await fetch(url, { headers: { authorization: basic } })).text()).toContain(
      "SUMMARY:Planning (kit)",
    );
    // A delete with the stale ETag still deletes (the host deleted the event).
    const gone = await calendar?.deleteEvent(access, {
      calendarId: radicale.calendarURL("team"),
      externalId: written?.externalId ?? "",
      etag: written?.etag ?? null,
    });
    expect(gone).toEqual({ alreadyGone: false });
    expect((await fetch(url, { headers: { authorization: basic } })).status).toBe(404);
  });

  it("a PUT answered without an ETag gets it fetched", async () => {
    const { seen, fetcher } = recorder();
    const stripping: typeof fetch = async (input, init) => {
      const response = await fetcher(input, init);
      if (init?.method !== "PUT") return response;
      const headers = new Headers(response.headers);
      headers.delete("etag");
      return new Response(response.body, { status: response.status, headers });
    };
    const { calendar } = providerWith(stripping);
    const result = await calendar?.upsertEvent(access, { ...key("evt-c"), event: EVENT });
    expect(result?.etag).toMatch(/^".+"$/);
    expect(seen.map((request) => request.method)).toEqual(["PUT", "PROPFIND"]);
  });

  it("an event that is gone answers not_found to an update (the kit writes it again) and alreadyGone to a delete", async () => {
    const { calendar } = providerWith(recorder().fetcher);
    const target = { calendarId: radicale.calendarURL("team"), externalId: "f".repeat(64) };
    expect(
      (await rejection(calendar?.updateEvent(access, { ...target, event: EVENT }) ?? Promise.resolve())).kind,
    ).toBe("not_found");
    expect(await calendar?.deleteEvent(access, target)).toEqual({ alreadyGone: true });
  });

  it("a write to a read-only calendar (403) is calendar_not_found: the admin picks another", async () => {
    const { calendar } = providerWith(recorder().fetcher);
    const error = await rejection(
      calendar?.upsertEvent(access, {
        ...key("evt-d"),
        calendarId: radicale.calendarURL("archive"),
        event: EVENT,
      }) ?? Promise.resolve(),
    );
    expect(error).toMatchObject({ kind: "calendar_not_found", status: 403 });
  });

  it("follows iCloud's move to a partition host with the credentials, and refuses a redirect elsewhere", async () => {
    // caldav.icloud.com stands in as Radicale on 127.0.0.1; its partition "p42-caldav.icloud.com" as
    // the same Radicale on localhost (another origin): the redirect below is the only thing not Radicale's.
    const partition = radicale.url.replace("127.0.0.1", "localhost");
    const { seen, fetcher } = recorder((request) => {
      const url = new URL(request.url);
      if (url.origin === radicale.url && url.pathname === "/.well-known/caldav")
        return new Response(null, { status: 301, headers: { location: `${partition}/` } });
      return null;
    });
    const provider = icloud({
      fetch: fetcher,
      serverUrl: radicale.url,
      allowServer: (url) => url.origin === radicale.url || url.origin === partition,
    });
    const connect = provider.connect.kind === "form" ? provider.connect : null;
    const verified = await connect?.verify(
      { username: USER, appPassword: PASSWORD },
      { organizationId: "org_1", actorId: "user_1" },
    );
    expect(verified?.identity.accountId).toBe(`${partition}/${USER}/`);
    expect(seen.slice(0, 2)).toEqual([
      { method: "PROPFIND", url: `${radicale.url}/.well-known/caldav`, authorized: true },
      { method: "PROPFIND", url: `${partition}/`, authorized: true },
    ]);

    const strict = icloud({
      fetch: fetcher,
      serverUrl: radicale.url,
      allowServer: (url) => url.origin === radicale.url,
    });
    const before = seen.length;
    const refused = await (strict.connect.kind === "form"
      ? strict.connect.verify(
          { username: USER, appPassword: PASSWORD },
          { organizationId: "org_1", actorId: "user_1" },
        )
      : Promise.resolve(null)
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(seen.slice(before).some((request) => request.url.startsWith(partition))).toBe(false);
  });

  it("an address that is no CalDAV server (HTML, or no answer) is a 400 on the URL field, not a 500", async () => {
    const verifyWith = async (fetcher: typeof fetch) => {
      const provider = caldav({ fetch: fetcher, timeoutMs: 50, allowServer: () => true });
      if (provider.connect.kind !== "form") throw new Error("caldav is a form provider");
      const input = { serverUrl: "https://www.example.test/", username: USER, appPassword: PASSWORD };
      return provider.connect.verify(input, { organizationId: "org_1", actorId: "user_1" }).then(
        () => null,
        (error: unknown) => error,
      );
    };
    const html = await verifyWith(
      async () => new Response("<html><body>Welcome</body></html>", { status: 200 }),
    );
    expect(html).toMatchObject({
      status: 400,
      code: "validation_failed",
      errors: [{ path: "input.serverUrl" }],
    });
    let calls = 0;
    const silent = await verifyWith(async () => {
      calls += 1;
      throw new TypeError("fetch failed");
    });
    expect(silent).toMatchObject({ status: 400, errors: [{ path: "input.serverUrl" }] });
    expect(calls).toBe(1);
  });

  it("maps 429 and 503 with Retry-After to rate_limited (pause), other 5xx and timeouts to unavailable (retry)", async () => {
    const answer = (status: number, headers: Record<string, string> = {}) =>
      providerWith(async () => new Response("", { status, headers })).calendar;
    const list = (status: number, headers?: Record<string, string>) =>
      rejection(answer(status, headers)?.listCalendars(access) ?? Promise.resolve());
    expect(await list(429, { "retry-after": "30" })).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 30_000,
    });
    expect(await list(503, { "retry-after": "5" })).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 5_000,
    });
    expect(await list(503)).toMatchObject({ kind: "unavailable" });
    expect(await list(500)).toMatchObject({ kind: "unavailable" });
    expect(await list(401)).toMatchObject({
      kind: "unauthorized",
      healthMessage: expect.stringContaining("revoked"),
    });
    const hanging = caldav({
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        ),
      timeoutMs: 50,
      allowServer: () => true,
    });
    expect(await rejection(hanging.calendar?.listCalendars(access) ?? Promise.resolve())).toMatchObject({
      kind: "unavailable",
      providerCode: "timeout",
    });
  });
});
