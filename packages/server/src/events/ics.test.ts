import { describe, expect, it } from "vitest";
import { escapeText, foldLine, toICalendar } from "./ics.ts";

const options = {
  name: "Acme events",
  productId: "-//Acme//Calendar connections//EN",
  uidDomain: "app.test",
  generatedAt: new Date("2026-11-26T10:00:00Z"),
};

function unfold(text: string): string[] {
  return text.replace(/\r\n /g, "").split("\r\n");
}

describe("toICalendar", () => {
  const feed = toICalendar(
    [
      {
        id: "evt_1",
        title: "Quarterly review; budget, plans",
        description: "Line one\nLine two with a \\ backslash",
        location: "Room 4, Berlin",
        start: new Date("2026-12-01T09:00:00+01:00"),
        end: new Date("2026-12-01T10:30:00+01:00"),
        timeZone: "Europe/Berlin",
        updatedAt: new Date("2026-11-25T12:00:00Z"),
      },
      {
        id: "evt_2",
        title: "Offsite",
        start: new Date("2026-12-10T00:00:00Z"),
        end: new Date("2026-12-12T00:00:00Z"),
        allDay: true,
      },
    ],
    options,
  );

  it("ends every line with CRLF and no line exceeds 75 octets", () => {
    expect(feed.endsWith("\r\n")).toBe(true);
    expect(feed.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of feed.split("\r\n"))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it("writes a calendar with one VEVENT per event, times in UTC and stable UIDs", () => {
    const lines = unfold(feed);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines).toContain("UID:evt_1@app.test");
    expect(lines).toContain("DTSTART:20261201T080000Z");
    expect(lines).toContain("DTEND:20261201T093000Z");
    expect(lines).toContain("DTSTAMP:20261126T100000Z");
    expect(lines).toContain("LAST-MODIFIED:20261125T120000Z");
    expect(lines).toContain("DTSTART;VALUE=DATE:20261210");
    expect(lines).toContain("DTEND;VALUE=DATE:20261212");
    expect(lines.at(-2)).toBe("END:VCALENDAR");
  });

  it("escapes TEXT values", () => {
    const lines = unfold(feed);
    expect(lines).toContain("SUMMARY:Quarterly review\\; budget\\, plans");
    expect(lines).toContain("DESCRIPTION:Line one\\nLine two with a \\\\ backslash");
    expect(lines).toContain("LOCATION:Room 4\\, Berlin");
  });

  it("gives the same UID to the same event in every generation", () => {
    const again = toICalendar([{ id: "evt_1", title: "Renamed", start: new Date(), end: new Date() }], {
      ...options,
      generatedAt: new Date(),
    });
    expect(unfold(again)).toContain("UID:evt_1@app.test");
  });

  it("cannot be broken out of by a title with CR/LF or control characters", () => {
    const text = toICalendar(
      [{ id: "x", title: "a\r\nEND:VEVENT\r\nBEGIN:VEVENT\u0007", start: new Date(0), end: new Date(0) }],
      options,
    );
    const lines = unfold(text);
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
    expect(lines).toContain("SUMMARY:a\\nEND:VEVENT\\nBEGIN:VEVENT");
  });
});

describe("toICalendar for a feed", () => {
  const event = {
    id: "evt_1",
    title: "Board review",
    start: new Date("2026-12-01T09:00:00Z"),
    end: new Date("2026-12-01T10:00:00Z"),
  };

  it("says the calendar was truncated only when told so", () => {
    expect(unfold(toICalendar([event], { ...options, truncated: true }))).toContain(
      "X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE",
    );
    expect(toICalendar([event], options)).not.toContain("TRUNCATED");
  });

  it("stamps an event no earlier than its last change, and skips an invalid updatedAt", () => {
    const later = unfold(toICalendar([{ ...event, updatedAt: new Date("2026-11-26T11:30:00Z") }], options));
    expect(later).toContain("DTSTAMP:20261126T113000Z");
    const invalid = unfold(toICalendar([{ ...event, updatedAt: new Date(Number.NaN) }], options));
    expect(invalid).toContain("DTSTAMP:20261126T100000Z");
    expect(invalid.some((line) => line.startsWith("LAST-MODIFIED"))).toBe(false);
  });

  it("renders the same input to the same bytes", () => {
    expect(toICalendar([event], options)).toBe(toICalendar([{ ...event }], { ...options }));
  });
});

describe("foldLine", () => {
  it("leaves short lines alone", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
  });

  it("folds at 75 octets without splitting a multi-byte character", () => {
    const line = `SUMMARY:${"ä".repeat(60)}${"€".repeat(30)}${"🗓".repeat(20)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((part) => part.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
  });
});

describe("escapeText", () => {
  it("escapes in the order that keeps backslashes unambiguous", () => {
    expect(escapeText("a\\;b")).toBe("a\\\\\\;b");
  });
});
