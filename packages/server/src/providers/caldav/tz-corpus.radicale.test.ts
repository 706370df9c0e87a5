import { type RadicaleServer, startRadicale } from "@org/calendar-connections-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instancesByUid } from "../../events/ical-reader.support.ts";
import { TIME_ZONE_CORPUS } from "../../events/tz-corpus.support.ts";
import { checkHostEvent } from "../../events/validate.ts";
import type { ConnectionAccess } from "../define.ts";
import { radicaleAccess } from "./caldav.support.ts";
import { caldav } from "./index.ts";
import { objectURL } from "./objects.ts";

const USER = "tz";
const PASSWORD = "tz-app-password-8f2a";

/** `20260317T080000Z`: a CalDAV time-range bound. */
function davTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/**
 * A calendar-query REPORT for events overlapping `[start, end)`: Radicale answers it with its own
 * recurrence expansion (RRULE, EXDATE, RECURRENCE-ID), so it checks what we wrote independently.
 */
function timeRangeQuery(start: string, end: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="${davTime(start)}" end="${davTime(end)}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>`;
}

describe("time-zone corpus: CalDAV (Radicale stores it; ical.js reads it back; Radicale's time-range queries agree)", () => {
  let radicale: RadicaleServer;
  let access: ConnectionAccess;
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
  const provider = () => caldav({ allowServer: (url) => url.origin === radicale.url });

  beforeAll(async () => {
    radicale = await startRadicale({
      user: USER,
      password: PASSWORD,
      calendars: [{ slug: "tz", name: "TZ" }],
    });
    access = radicaleAccess(
      radicale,
      { user: USER, password: PASSWORD, slug: "tz" },
      { connectionId: "conn_tz", organizationId: "org_tz" },
    );
  });
  afterAll(async () => {
    await radicale.close();
  });

  /** The hrefs Radicale finds overlapping `[start, end)`. */
  const overlapping = async (start: string, end: string): Promise<string[]> => {
    const response = await fetch(radicale.calendarURL("tz"), {
      method: "REPORT",
      headers: { authorization: basic, depth: "1", "content-type": "application/xml; charset=utf-8" },
      body: timeRangeQuery(start, end),
    });
    expect(response.status).toBe(207);
    return [...(await response.text()).matchAll(/<(?:\w+:)?href>([^<]+)<\/(?:\w+:)?href>/g)].map((match) =>
      decodeURIComponent(match[1] ?? ""),
    );
  };

  TIME_ZONE_CORPUS.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const calendar = provider().calendar;
      const write = async () =>
        calendar?.upsertEvent(access, {
          calendarId: radicale.calendarURL("tz"),
          connectionId: "conn_tz",
          eventId: `evt${index}`,
          event: checkHostEvent(testCase.event),
        });
      if (testCase.error !== undefined) {
        await expect(write()).rejects.toThrow(testCase.error);
        return;
      }
      const written = await write();
      const url = objectURL(radicale.calendarURL("tz"), written?.externalId ?? "");
      const stored = await fetch(url, { headers: { authorization: basic } });
      expect(stored.status).toBe(200);
      const [instances] = [...instancesByUid(await stored.text()).values()];
      expect(instances).toEqual(testCase.instances);

      // Radicale's own expansion: every instance is found in its own window…
      for (const instance of testCase.instances) {
        const [start = "", end = ""] = instance
          .split("/")
          .map((part) => (part.length === 10 ? `${part}T00:00:00Z` : part.replace("Z", ":00Z")));
        expect(await overlapping(start, end)).toContain(url.pathname);
      }
      // …and nothing in the windows of the moved-away, cancelled and excluded originals.
      const gone = (testCase.event.overrides ?? []).map((override) => override.originalStart);
      for (const original of gone) {
        const end = new Date(original.getTime() + 60_000).toISOString();
        expect(await overlapping(original.toISOString(), end)).not.toContain(url.pathname);
      }
    });
  });
});
