import * as rruleModule from "rrule";
import { describe, expect, it } from "vitest";
import { expandSeries, UnsupportedRuleError } from "./recurrence.ts";

// rrule ships a UMD bundle: under Node's ESM loader its exports sit on `default`.
const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;

/** An instant as a zone's wall-clock time, `YYYY-MM-DDTHH:MM`, read with Intl only (not the fake's code). */
function wall(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * What rrule expands for the same rule, in floating time: DTSTART's wall-clock time as if it were
 * UTC, so rrule repeats the wall-clock time, which is what RFC 5545 asks of a zoned DTSTART.
 */
function oracle(rule: string, startWall: string, limit: number, until?: string): string[] {
  const options = RRule.parseString(rule);
  const dtstart = new Date(`${startWall}:00Z`);
  const expanded = new RRule({
    ...options,
    dtstart,
    ...(until === undefined ? {} : { until: new Date(until) }),
  });
  return expanded.all((_date, index) => index < limit).map((date) => date.toISOString().slice(0, 16));
}

interface Case {
  readonly rule: string;
  readonly zone: string;
  /** DTSTART as the zone's wall-clock time. */
  readonly start: string;
  /** The UTC instant of DTSTART (the fake takes instants). */
  readonly startUtc: string;
}

const CORPUS: readonly Case[] = [
  {
    rule: "FREQ=WEEKLY;BYDAY=TU;COUNT=40",
    zone: "Europe/Berlin",
    start: "2026-01-06T09:00",
    startUtc: "2026-01-06T08:00:00Z",
  },
  {
    rule: "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=60",
    zone: "America/New_York",
    start: "2026-02-02T18:30",
    startUtc: "2026-02-02T23:30:00Z",
  },
  {
    rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=30",
    zone: "Australia/Lord_Howe",
    start: "2026-01-04T10:00",
    startUtc: "2026-01-03T23:00:00Z",
  },
  {
    rule: "FREQ=DAILY;COUNT=100",
    zone: "Asia/Kolkata",
    start: "2026-03-01T07:15",
    startUtc: "2026-03-01T01:45:00Z",
  },
  {
    rule: "FREQ=DAILY;INTERVAL=3;COUNT=50",
    zone: "Europe/Berlin",
    start: "2026-03-20T23:30",
    startUtc: "2026-03-20T22:30:00Z",
  },
  {
    rule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12",
    zone: "Europe/Berlin",
    start: "2026-01-31T12:00",
    startUtc: "2026-01-31T11:00:00Z",
  },
  {
    rule: "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=14",
    zone: "America/New_York",
    start: "2026-01-31T08:00",
    startUtc: "2026-01-31T13:00:00Z",
  },
  {
    rule: "FREQ=MONTHLY;BYDAY=2TU;COUNT=18",
    zone: "Europe/Berlin",
    start: "2026-01-13T10:00",
    startUtc: "2026-01-13T09:00:00Z",
  },
  {
    rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=18",
    zone: "Asia/Kolkata",
    start: "2026-01-30T16:00",
    startUtc: "2026-01-30T10:30:00Z",
  },
  {
    rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=12",
    zone: "Europe/Berlin",
    start: "2026-01-30T17:00",
    startUtc: "2026-01-30T16:00:00Z",
  },
  {
    rule: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15;COUNT=10",
    zone: "Australia/Lord_Howe",
    start: "2026-01-15T09:30",
    startUtc: "2026-01-14T22:30:00Z",
  },
  {
    rule: "FREQ=YEARLY;COUNT=8",
    zone: "Europe/Berlin",
    start: "2026-02-28T09:00",
    startUtc: "2026-02-28T08:00:00Z",
  },
  {
    rule: "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=6",
    zone: "America/New_York",
    start: "2026-11-26T12:00",
    startUtc: "2026-11-26T17:00:00Z",
  },
  {
    rule: "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;COUNT=8",
    zone: "Europe/Berlin",
    start: "2026-03-29T12:00",
    startUtc: "2026-03-29T10:00:00Z",
  },
  {
    rule: "FREQ=WEEKLY;BYDAY=SA;WKST=SU;INTERVAL=2;COUNT=20",
    zone: "America/New_York",
    start: "2026-10-03T01:30",
    startUtc: "2026-10-03T05:30:00Z",
  },
  {
    rule: "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261231T230000Z",
    zone: "Europe/Berlin",
    start: "2026-09-01T08:00",
    startUtc: "2026-09-01T06:00:00Z",
  },
  // RFC 5545's own example: WKST changes which Sundays a two-weekly rule picks.
  {
    rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=8;BYDAY=TU,SU;WKST=MO",
    zone: "America/New_York",
    start: "2026-08-04T09:00",
    startUtc: "2026-08-04T13:00:00Z",
  },
  {
    rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=8;BYDAY=TU,SU;WKST=SU",
    zone: "America/New_York",
    start: "2026-08-04T09:00",
    startUtc: "2026-08-04T13:00:00Z",
  },
  {
    rule: "FREQ=DAILY;BYMONTH=12;COUNT=40",
    zone: "UTC",
    start: "2026-11-28T00:00",
    startUtc: "2026-11-28T00:00:00Z",
  },
];

describe("the fakes' RRULE expansion agrees with the rrule package", () => {
  for (const testCase of CORPUS) {
    it(`${testCase.rule} from ${testCase.start} in ${testCase.zone}`, () => {
      const fake = expandSeries(testCase.rule, Date.parse(testCase.startUtc), testCase.zone, { limit: 200 });
      const until = /UNTIL=(\d{8}T\d{6}Z)/.exec(testCase.rule)?.[1];
      // rrule compares UNTIL in floating time; give it the zone's wall clock of the UTC UNTIL.
      const floatingUntil =
        until === undefined
          ? undefined
          : `${wall(Date.parse(until.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, "$1-$2-$3T$4:$5:$6Z")), testCase.zone)}:00Z`;
      const rule = testCase.rule.replace(/;UNTIL=[^;]+/, "");
      const expected = oracle(rule, testCase.start, 200, floatingUntil);
      expect(fake.length).toBeGreaterThan(0);
      expect(fake.map((instant) => wall(instant, testCase.zone))).toEqual(expected);
    });
  }

  it("refuses what it does not expand instead of guessing", () => {
    expect(() => expandSeries("FREQ=HOURLY;COUNT=3", 0, "UTC")).toThrow(UnsupportedRuleError);
    expect(() => expandSeries("FREQ=YEARLY;BYWEEKNO=20", 0, "UTC")).toThrow(UnsupportedRuleError);
  });
});
