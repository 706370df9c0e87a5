/**
 * The time-zone corpus every provider's test runs: each case is a host event and the instances a
 * calendar must then show, in UTC, worked out by hand from the zones' rules for 2026 (not by our
 * code). An instance is `start/end` in UTC to the minute (`2026-03-17T08:00Z/2026-03-17T09:00Z`), or
 * `YYYY-MM-DD/YYYY-MM-DD` (end exclusive) for all-day events.
 */
import type { OAuthCalendarClient } from "../providers/types.ts";
import type { HostEvent } from "./types.ts";

/** One case of the corpus. */
export interface TimeZoneCase {
  readonly name: string;
  readonly event: HostEvent;
  /** The instances, earliest first; empty for a case that must fail. */
  readonly instances: readonly string[];
  /** Set when writing the event must fail with a clear error mentioning this. */
  readonly error?: string;
}

const hour = (iso: string, hours = 1): { start: Date; end: Date } => ({
  start: new Date(iso),
  end: new Date(new Date(iso).getTime() + hours * 3_600_000),
});

/** The corpus (2026: Europe changes on 29 March and 25 October, the US on 8 March and 1 November). */
export const TIME_ZONE_CORPUS: readonly TimeZoneCase[] = [
  {
    name: "weekly in Europe/Berlin across both DST changes",
    event: {
      title: "Berlin weekly",
      ...hour("2026-03-17T08:00:00Z"),
      timeZone: "Europe/Berlin",
      recurrence: ["RRULE:FREQ=WEEKLY;INTERVAL=4;BYDAY=TU;COUNT=9"],
    },
    // 09:00 local: 08:00 UTC in winter time, 07:00 UTC in summer time.
    instances: [
      "2026-03-17T08:00Z/2026-03-17T09:00Z",
      "2026-04-14T07:00Z/2026-04-14T08:00Z",
      "2026-05-12T07:00Z/2026-05-12T08:00Z",
      "2026-06-09T07:00Z/2026-06-09T08:00Z",
      "2026-07-07T07:00Z/2026-07-07T08:00Z",
      "2026-08-04T07:00Z/2026-08-04T08:00Z",
      "2026-09-01T07:00Z/2026-09-01T08:00Z",
      "2026-09-29T07:00Z/2026-09-29T08:00Z",
      "2026-10-27T08:00Z/2026-10-27T09:00Z",
    ],
  },
  {
    name: "weekly in America/New_York across the spring change",
    event: {
      title: "New York weekly",
      ...hour("2026-03-01T15:00:00Z"),
      timeZone: "America/New_York",
      recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=3"],
    },
    // 10:00 local: EST (−5) on 1 March, EDT (−4) from 8 March.
    instances: [
      "2026-03-01T15:00Z/2026-03-01T16:00Z",
      "2026-03-08T14:00Z/2026-03-08T15:00Z",
      "2026-03-15T14:00Z/2026-03-15T15:00Z",
    ],
  },
  {
    name: "weekly in Australia/Lord_Howe across its 30-minute change",
    event: {
      title: "Lord Howe weekly",
      ...hour("2026-03-27T22:00:00Z"),
      timeZone: "Australia/Lord_Howe",
      recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=3"],
    },
    // 09:00 local: +11:00 until 5 April, then +10:30.
    instances: [
      "2026-03-27T22:00Z/2026-03-27T23:00Z",
      "2026-04-03T22:00Z/2026-04-03T23:00Z",
      "2026-04-10T22:30Z/2026-04-10T23:30Z",
    ],
  },
  {
    name: "daily in Asia/Kolkata (+05:30, no DST)",
    event: {
      title: "Kolkata daily",
      ...hour("2026-03-28T03:30:00Z"),
      timeZone: "Asia/Kolkata",
      recurrence: ["RRULE:FREQ=DAILY;COUNT=3"],
    },
    instances: [
      "2026-03-28T03:30Z/2026-03-28T04:30Z",
      "2026-03-29T03:30Z/2026-03-29T04:30Z",
      "2026-03-30T03:30Z/2026-03-30T04:30Z",
    ],
  },
  {
    name: "an all-day event spanning a DST change",
    event: {
      title: "Offsite",
      start: new Date("2026-03-28T00:00:00Z"),
      end: new Date("2026-03-30T00:00:00Z"),
      allDay: true,
      timeZone: "Europe/Berlin",
    },
    instances: ["2026-03-28/2026-03-30"],
  },
  {
    name: "a series with one instance moved and one cancelled",
    event: {
      title: "Standup",
      ...hour("2026-06-01T08:00:00Z"),
      timeZone: "Europe/Berlin",
      recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4"],
      overrides: [
        {
          originalStart: new Date("2026-06-08T08:00:00Z"),
          start: new Date("2026-06-09T12:00:00Z"),
          end: new Date("2026-06-09T13:00:00Z"),
        },
        { originalStart: new Date("2026-06-15T08:00:00Z"), cancelled: true },
      ],
    },
    instances: [
      "2026-06-01T08:00Z/2026-06-01T09:00Z",
      "2026-06-09T12:00Z/2026-06-09T13:00Z",
      "2026-06-22T08:00Z/2026-06-22T09:00Z",
    ],
  },
  {
    name: "a series whose rule ends (UNTIL) across the US autumn change",
    event: {
      title: "Evening shift",
      ...hour("2026-10-30T22:00:00Z", 2),
      timeZone: "America/New_York",
      recurrence: ["RRULE:FREQ=DAILY;UNTIL=20261101T230000Z"],
    },
    // 18:00 local: EDT until 1 November 02:00, then EST; UNTIL is inclusive.
    instances: [
      "2026-10-30T22:00Z/2026-10-31T00:00Z",
      "2026-10-31T22:00Z/2026-11-01T00:00Z",
      "2026-11-01T23:00Z/2026-11-02T01:00Z",
    ],
  },
  {
    name: "a series with an excluded date (EXDATE)",
    event: {
      title: "Yoga",
      ...hour("2026-01-05T17:00:00Z"),
      timeZone: "Europe/Berlin",
      recurrence: ["RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Berlin:20260112T180000"],
    },
    instances: [
      "2026-01-05T17:00Z/2026-01-05T18:00Z",
      "2026-01-19T17:00Z/2026-01-19T18:00Z",
      "2026-01-26T17:00Z/2026-01-26T18:00Z",
    ],
  },
  {
    name: "an event whose zone is unknown",
    event: {
      title: "Somewhere",
      ...hour("2026-05-01T10:00:00Z"),
      timeZone: "Mars/Olympus_Mons",
      recurrence: ["RRULE:FREQ=DAILY;COUNT=2"],
    },
    instances: [],
    error: "Mars/Olympus_Mons",
  },
];

/** An instance in the corpus' notation. */
export function instanceText(start: Date, end: Date, allDay: boolean): string {
  if (allDay) return `${start.toISOString().slice(0, 10)}/${end.toISOString().slice(0, 10)}`;
  return `${start.toISOString().slice(0, 16)}Z/${end.toISOString().slice(0, 16)}Z`;
}

/** The fakes' side of a corpus run: consenting as an account, and its calendars. */
interface CorpusFake {
  consent(authorizationURL: URL, options: { email: string }): Promise<URL>;
  account(email: string): { readonly calendars: readonly { readonly id: string }[] } | undefined;
}

const CORPUS_EMAIL = "ada@acme.test";
const CORPUS_VERIFIER = "verifier-".repeat(6);

/**
 * Connects the corpus account through the provider's own OAuth client against its fake, as a host's admin
 * would, and returns the access token and the account's first calendar.
 */
export async function corpusGrant(
  fake: CorpusFake,
  provider: Pick<OAuthCalendarClient, "createAuthorizationURL" | "exchangeCode">,
): Promise<{ accessToken: string; calendarId: string }> {
  const url = provider.createAuthorizationURL({ state: "s".repeat(43), codeVerifier: CORPUS_VERIFIER });
  const back = await fake.consent(url, { email: CORPUS_EMAIL });
  const { accessToken } = await provider.exchangeCode(back.searchParams.get("code") ?? "", CORPUS_VERIFIER);
  return { accessToken, calendarId: fake.account(CORPUS_EMAIL)?.calendars[0]?.id ?? "" };
}
