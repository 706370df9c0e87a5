import { describe, expect, it } from "vitest";
import { HostEventSchema } from "./event.ts";

const base = {
  title: "Class",
  start: new Date("2026-06-01T08:00:00Z"),
  end: new Date("2026-06-01T09:00:00Z"),
};

describe("HostEventSchema", () => {
  it("accepts an event of earlier versions (title and times only) and a full series", () => {
    expect(HostEventSchema.safeParse(base).success).toBe(true);
    const full = {
      ...base,
      timeZone: "Europe/Berlin",
      recurrence: ["RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE:20260608T080000Z"],
      overrides: [{ originalStart: new Date("2026-06-15T08:00:00Z"), cancelled: true }],
      status: "tentative",
      transparency: "free",
      url: "https://app.test/classes/1",
      attendees: [{ email: "guest@example.com", name: "Guest", optional: true }],
      color: "#4285f4",
    };
    expect(HostEventSchema.safeParse(full).success).toBe(true);
  });

  it.each([
    ["a line that is no recurrence line", { recurrence: ["FREQ=WEEKLY"] }],
    ["an unknown status", { status: "maybe" }],
    ["a color that is not #rrggbb", { color: "blue" }],
    ["a link that is not http(s)", { url: "javascript:alert(1)" }],
    ["an attendee without an email", { attendees: [{ email: "nobody" }] }],
    ["an invalid date", { start: new Date("nope") }],
    ["an end before the start", { end: new Date("2026-06-01T07:00:00Z") }],
    ["an unknown override field", { overrides: [{ originalStart: base.start, colour: "x" }] }],
  ])("refuses %s", (_name, change) => {
    expect(HostEventSchema.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
