import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { toCalendarObject } from "./ics.ts";
import type { HostEvent } from "./types.ts";
import { vtimezoneLines } from "./vtimezone.ts";

const options = {
  uid: "a1b2c3",
  productId: "-//Acme//Calendar connections//EN",
  generatedAt: new Date("2026-11-26T10:00:00Z"),
  extra: ["X-CALENDAR-CONNECTIONS-MANAGED:TRUE"],
};

/** Parses with ical.js (an independent parser) and answers the event's instants in UTC. */
function readWithIcalJs(text: string): {
  start: string;
  end: string;
  event: ICAL.Event;
  calendar: ICAL.Component;
} {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  if (zone !== null) ICAL.TimezoneService.register(zone);
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") ?? undefined);
  try {
    return {
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      event,
      calendar,
    };
  } finally {
    if (zone !== null) ICAL.TimezoneService.remove(String(zone.getFirstPropertyValue("tzid")));
  }
}

describe("toCalendarObject (what CalDAV PUTs), checked with ical.js", () => {
  const zoned = (timeZone: string, start: string, end: string): HostEvent => ({
    title: "Board, review; Q4",
    description: "Line one\nLine two",
    location: "Room 4",
    start: new Date(start),
    end: new Date(end),
    timeZone,
  });

  it.each([
    ["Europe/Berlin", "2026-07-01T08:00:00.000Z", "2026-07-01T09:30:00.000Z", "20260701T100000"],
    ["Europe/Berlin", "2026-12-01T08:00:00.000Z", "2026-12-01T09:30:00.000Z", "20261201T090000"],
    ["America/New_York", "2026-03-08T06:30:00.000Z", "2026-03-08T08:30:00.000Z", "20260308T013000"],
    ["Asia/Kolkata", "2026-05-10T04:00:00.000Z", "2026-05-10T05:00:00.000Z", "20260510T093000"],
    ["Australia/Lord_Howe", "2026-10-04T14:00:00.000Z", "2026-10-04T16:00:00.000Z", "20261005T010000"],
  ])("a %s event keeps its instants under a real parser (%s)", (timeZone, start, end, local) => {
    const text = toCalendarObject(zoned(timeZone, start, end), options);
    expect(text).toContain(`DTSTART;TZID=${timeZone}:${local}`);
    expect(text).toContain("BEGIN:VTIMEZONE");
    const read = readWithIcalJs(text);
    expect(read).toMatchObject({ start, end });
    expect(read.event.uid).toBe("a1b2c3");
    expect(read.event.summary).toBe("Board, review; Q4");
    expect(read.event.description).toBe("Line one\nLine two");
    expect(
      read.calendar.getFirstSubcomponent("vevent")?.getFirstPropertyValue("x-calendar-connections-managed"),
    ).toBe("TRUE");
  });

  it("writes UTC events and all-day events without a VTIMEZONE", () => {
    const utc = toCalendarObject(
      { title: "UTC", start: new Date("2026-12-01T09:00:00Z"), end: new Date("2026-12-01T10:00:00Z") },
      options,
    );
    expect(utc).not.toContain("VTIMEZONE");
    expect(readWithIcalJs(utc)).toMatchObject({ start: "2026-12-01T09:00:00.000Z" });
    const allDay = toCalendarObject(
      {
        title: "Offsite",
        start: new Date("2026-12-10T00:00:00Z"),
        end: new Date("2026-12-12T00:00:00Z"),
        allDay: true,
        timeZone: "Europe/Berlin",
      },
      options,
    );
    expect(allDay).toContain("DTSTART;VALUE=DATE:20261210");
    expect(allDay).not.toContain("VTIMEZONE");
    expect(readWithIcalJs(allDay).event.startDate.isDate).toBe(true);
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    const text = toCalendarObject(
      zoned("Mars/Olympus_Mons", "2026-12-01T08:00:00Z", "2026-12-01T09:00:00Z"),
      options,
    );
    expect(text).toContain("DTSTART:20261201T080000Z");
    expect(text).not.toContain("TZID");
  });

  it("lists a zone's offset changes of the years the event touches, and a fixed zone once", () => {
    const berlin = vtimezoneLines("Europe/Berlin", 2026, 2026);
    expect(berlin.filter((line) => line.startsWith("DTSTART:"))).toEqual([
      "DTSTART:20260101T010000",
      "DTSTART:20260329T020000",
      "DTSTART:20261025T030000",
    ]);
    expect(berlin).toContain("BEGIN:DAYLIGHT");
    const tokyo = vtimezoneLines("Asia/Tokyo", 2026, 2027);
    expect(tokyo.filter((line) => line.startsWith("BEGIN:STANDARD"))).toHaveLength(1);
    expect(tokyo).toContain("TZOFFSETTO:+0900");
  });
});
