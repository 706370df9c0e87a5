import {
  CalendarList,
  Connection,
  ConnectionList,
  CreateConnectionResponse,
  Problem,
  ProviderList,
} from "@org/calendar-connections-core";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deterministicEventId } from "../event-id.ts";
import { type CalDavFixture, PASSWORD, startCalDavFixture, USER } from "./caldav.support.ts";

const WRONG = "not-the-app-password-93";
const REVOKED = "the app-specific password was revoked or mistyped";

describe("CalDAV against a real Radicale: connect, discover, sync, read back", () => {
  let fx: CalDavFixture;
  let connection: Connection;

  beforeAll(async () => {
    fx = await startCalDavFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  const connect = (input: Record<string, string>, provider = "caldav", query = ""): Promise<Response> =>
    fx.call("POST", `/connections${query}`, { provider, input });
  const hrefOf = (eventId: string): string =>
    new URL(`${deterministicEventId(connection.id, eventId)}.ics`, fx.radicale.calendarURL("work")).pathname;
  const readBack = async (eventId: string): Promise<string | null> =>
    (await fx.multiget(fx.radicale.calendarURL("work"), [hrefOf(eventId)])).get(hrefOf(eventId)) ?? null;

  it("lists the CalDAV presets with their form fields, in English and German", async () => {
    const { providers } = ProviderList.parse(await (await fx.call("GET", "/providers?locale=de")).json());
    const fields = Object.fromEntries(
      providers.map((p) => [p.id, p.connect.kind === "form" ? p.connect.fields : []]),
    );
    expect(fields.caldav?.map((field) => [field.name, field.type])).toEqual([
      ["serverUrl", "url"],
      ["username", "text"],
      ["appPassword", "secret"],
    ]);
    // iCloud's server is fixed: no URL to type, and help that says where app-specific passwords come from.
    expect(fields.icloud?.map((field) => field.name)).toEqual(["username", "appPassword"]);
    expect(fields.icloud?.[1]?.help).toContain("appleid.apple.com");
    expect(fields.icloud?.[1]?.label).toBe("App-spezifisches Passwort");
    expect(providers.find((p) => p.id === "caldav")?.name).toBe("Anderer CalDAV-Server");
  });

  it("answers a wrong password with a 400 under the password field, and stores nothing", async () => {
    const response = await connect({ serverUrl: fx.radicale.url, username: USER, appPassword: WRONG });
    expect(response.status).toBe(400);
    const problem = Problem.parse(await response.json());
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors?.[0]?.path).toBe("input.appPassword");
    expect(problem.errors?.[0]?.message).toContain(REVOKED);
    const { connections } = ConnectionList.parse(await (await fx.call("GET", "/connections")).json());
    expect(connections).toEqual([]);
  });

  it("tells an iCloud admin to use an app-specific password, not the Apple ID password (en and de)", async () => {
    const en = Problem.parse(await (await connect({ username: USER, appPassword: WRONG }, "icloud")).json());
    expect(en.errors?.[0]?.message).toMatch(/normal Apple ID password does not work/);
    expect(en.errors?.[0]?.message).toContain("Sign-In and Security → App-Specific Passwords");
    const de = Problem.parse(
      await (await connect({ username: USER, appPassword: WRONG }, "icloud", "?locale=de")).json(),
    );
    expect(de.errors?.[0]?.message).toContain("App-spezifische Passwörter");
  });

  it("refuses a server URL that is not a CalDAV server, or not allowed, with a 400 on the URL field", async () => {
    const notAllowed = Problem.parse(
      await (
        await connect({ serverUrl: "https://elsewhere.test", username: USER, appPassword: PASSWORD })
      ).json(),
    );
    expect(notAllowed.errors?.map((issue) => issue.path)).toEqual(["input.serverUrl"]);
    const missing = Problem.parse(
      await (await connect({ serverUrl: fx.radicale.url, username: "", appPassword: "" })).json(),
    );
    expect(missing.errors?.map((issue) => issue.path).sort()).toEqual([
      "input.appPassword",
      "input.username",
    ]);
  });

  it("connects through discovery (well-known, principal, home set) and takes the only writable event calendar", async () => {
    const before = fx.requests.length;
    const response = await connect({ serverUrl: fx.radicale.url, username: USER, appPassword: PASSWORD });
    expect(response.status).toBe(201);
    connection = CreateConnectionResponse.parse(await response.json()).connection;
    expect(connection).toMatchObject({
      provider: "caldav",
      status: "active",
      accountEmail: USER,
      calendarId: fx.radicale.calendarURL("work"),
      calendarName: "Work",
    });
    const paths = fx.requests
      .slice(before)
      .map((request) => `${request.method} ${new URL(request.url).pathname}`);
    expect(paths.slice(0, 4)).toEqual([
      "PROPFIND /.well-known/caldav",
      "PROPFIND /",
      "PROPFIND /alice/",
      "PROPFIND /alice/",
    ]);
    const stored = await fx.storage.getConnection("org_acme", connection.id);
    expect(stored?.externalAccountId).toBe(`${fx.radicale.url}/alice/`);
  });

  it("lists event calendars only, the read-only one marked so", async () => {
    const { calendars } = CalendarList.parse(
      await (await fx.call("GET", `/connections/${connection.id}/calendars`)).json(),
    );
    expect(calendars.map(({ name, canWrite }) => ({ name, canWrite }))).toEqual([
      { name: "Holidays", canWrite: false },
      { name: "Work", canWrite: true },
    ]);
  });

  it("creates a zoned event as <uid>.ics with a VTIMEZONE and the kit's mark; ical.js reads the same instants", async () => {
    const start = new Date("2026-12-02T14:00:00Z");
    const end = new Date("2026-12-02T15:30:00Z");
    expect(
      await fx.changeEvent("evt-review", {
        title: "Review; Q4, plans",
        start,
        end,
        timeZone: "Europe/Berlin",
      }),
    ).toMatchObject({ succeeded: 1 });
    const data = await readBack("evt-review");
    expect(data).toContain("DTSTART;TZID=Europe/Berlin:20261202T150000");
    expect(data).toContain("X-CALENDAR-CONNECTIONS-MANAGED:TRUE");
    const vcalendar = new ICAL.Component(ICAL.parse(data ?? ""));
    const vevent = new ICAL.Event(vcalendar.getFirstSubcomponent("vevent") ?? undefined);
    expect(vevent.uid).toBe(deterministicEventId(connection.id, "evt-review"));
    expect(vevent.summary).toBe("Review; Q4, plans");
    ICAL.TimezoneService.register(vcalendar.getFirstSubcomponent("vtimezone") as ICAL.Component);
    expect(vevent.startDate.toJSDate().toISOString()).toBe(start.toISOString());
    expect(vevent.endDate.toJSDate().toISOString()).toBe(end.toISOString());
    const link = await fx.storage.getEventLink("org_acme", connection.id, "evt-review");
    expect(link?.etag).toMatch(/^"/);
  });

  it("updates it under If-Match, and deletes it; a REPORT then finds nothing", async () => {
    const start = new Date("2026-12-03T09:00:00Z");
    const end = new Date("2026-12-03T10:00:00Z");
    expect(await fx.changeEvent("evt-review", { title: "Review moved", start, end })).toMatchObject({
      succeeded: 1,
    });
    const data = await readBack("evt-review");
    expect(data).toContain("SUMMARY:Review moved");
    expect(data).toContain("DTSTART:20261203T090000Z");
    const puts = fx.requests.filter((request) => request.method === "PUT");
    expect(puts.map((request) => new URL(request.url).pathname)).toEqual([
      hrefOf("evt-review"),
      hrefOf("evt-review"),
    ]);

    expect(await fx.changeEvent("evt-review", null)).toMatchObject({ succeeded: 1 });
    expect(await readBack("evt-review")).toBeNull();
    expect(await fx.storage.getEventLink("org_acme", connection.id, "evt-review")).toBeNull();
    // Deleted again (a duplicate job): the 404 counts as done.
    expect(await fx.changeEvent("evt-review", null)).toMatchObject({ succeeded: 1 });
  });

  it("an event changed in a calendar app since the last sync: the update's If-Match fails, the product's version is written again and the job says so", async () => {
    const start = new Date("2026-12-06T09:00:00Z");
    const end = new Date("2026-12-06T10:00:00Z");
    expect(await fx.changeEvent("evt-conflict", { title: "Offsite", start, end })).toMatchObject({
      succeeded: 1,
    });
    const before = await fx.storage.getEventLink("org_acme", connection.id, "evt-conflict");
    // Someone edits the copy in their calendar app: a plain PUT with the same credentials.
    const url = new URL(hrefOf("evt-conflict"), fx.radicale.url);
    const edited =
      (await readBack("evt-conflict"))?.replace("SUMMARY:Offsite", "SUMMARY:Edited in the app") ?? "";
    const put = await fetch(url, {
      method: "PUT",
      headers: {
        authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
        "content-type": "text/calendar; charset=utf-8",
      },
      body: edited,
    });
    expect(put.status).toBeLessThan(300);
    expect(await readBack("evt-conflict")).toContain("SUMMARY:Edited in the app");

    expect(await fx.changeEvent("evt-conflict", { title: "Offsite (moved)", start, end })).toMatchObject({
      succeeded: 1,
    });
    expect(await readBack("evt-conflict")).toContain("SUMMARY:Offsite (moved)");
    expect(fx.seen.join("\n")).toMatch(/calendar copy overwritten.*evt-conflict/);
    const after = await fx.storage.getEventLink("org_acme", connection.id, "evt-conflict");
    expect(after?.etag).not.toBe(before?.etag);
  });

  it("a revoked password: the check says needs_reauth with the provider's words, and sync parks", async () => {
    await fx.radicale.setPassword("rotated-by-the-admin");
    const checked = Connection.parse(
      await (await fx.call("POST", `/connections/${connection.id}/refresh`, {})).json(),
    );
    expect(checked.status).toBe("needs_reauth");
    expect(checked.health?.reason).toBe("token_revoked");
    expect(checked.health?.message).toContain(REVOKED);
    const start = new Date("2026-12-04T09:00:00Z");
    const result = await fx.changeEvent("evt-later", { title: "Later", start, end: start });
    expect(result.succeeded).toBe(0);
  });

  it("reconnecting with the new password (same principal) resumes the connection and syncs the parked event", async () => {
    const response = await connect({
      serverUrl: fx.radicale.url,
      username: USER,
      appPassword: "rotated-by-the-admin",
    });
    expect(response.status).toBe(201);
    expect(CreateConnectionResponse.parse(await response.json()).connection).toMatchObject({
      id: connection.id,
      status: "active",
    });
    await fx.kit.sync.processPendingCalendarSyncJobs();
    // The server's password changes again (the kit keeps the one it was given): the test reads with it.
    await fx.radicale.setPassword(PASSWORD);
    expect(await readBack("evt-later")).toContain("SUMMARY:Later");
  });

  it("a password revoked while syncing: the sync worker itself moves the connection to needs_reauth", async () => {
    const start = new Date("2026-12-05T09:00:00Z");
    expect(await fx.changeEvent("evt-latest", { title: "Latest", start, end: start })).toMatchObject({
      succeeded: 0,
    });
    const current = Connection.parse(await (await fx.call("GET", `/connections/${connection.id}`)).json());
    expect(current).toMatchObject({ status: "needs_reauth", health: { reason: "token_revoked" } });
    // The provider's own words reach the panel through the worker too, not only through "Check connection".
    expect(current.health?.message).toContain(REVOKED);
  });

  it("never puts a password, right or wrong, in a response or a log line", () => {
    const seen = fx.seen.join("\n");
    expect(fx.seen.length).toBeGreaterThan(5);
    for (const secret of [PASSWORD, WRONG, "rotated-by-the-admin"]) {
      expect(seen).not.toContain(secret);
      expect(seen).not.toContain(Buffer.from(`${USER}:${secret}`).toString("base64"));
    }
  });
});
