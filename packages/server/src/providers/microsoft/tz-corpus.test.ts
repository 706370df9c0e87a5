import { createFakeMicrosoft, createManualClock } from "@org/calendar-connections-testing";
import { describe, expect, it } from "vitest";
import { corpusGrant, instanceText, TIME_ZONE_CORPUS } from "../../events/tz-corpus.support.ts";
import { checkHostEvent } from "../../events/validate.ts";
import { microsoftProvider } from "./client.ts";

async function setup() {
  const clock = createManualClock(Date.parse("2026-01-01T00:00:00Z"));
  const fake = createFakeMicrosoft({
    baseURL: "http://fake.test/microsoft",
    accounts: [{ email: "ada@acme.test" }],
    now: clock.now,
  });
  const provider = microsoftProvider({
    clientId: "ms-client",
    clientSecret: "ms-secret",
    redirectURI: "https://app.test/cb",
    endpoints: fake.endpoints,
    fetch: fake.fetch,
    now: () => new Date(clock.now()),
  });
  const { accessToken, calendarId } = await corpusGrant(fake, provider);
  /** What Outlook then shows: the calendar's `calendarView` for 2026, in UTC. */
  const shown = async (): Promise<string[]> => {
    const view = new URL(
      `${fake.endpoints.apiBase}/me/calendars/${encodeURIComponent(calendarId)}/calendarView`,
    );
    view.searchParams.set("startDateTime", "2025-12-01T00:00:00Z");
    view.searchParams.set("endDateTime", "2027-12-01T00:00:00Z");
    const response = await fake.fetch(view, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = (await response.json()) as { value: Record<string, unknown>[] };
    return body.value.map((item) => {
      const at = (field: unknown): Date =>
        new Date(`${String((field as { dateTime: string }).dateTime).slice(0, 19)}Z`);
      return instanceText(at(item.start), at(item.end), item.isAllDay === true);
    });
  };
  return { fake, provider, accessToken, calendarId, shown };
}

describe("Microsoft series: patterned recurrence, and expansion where Graph has none", () => {
  const event = {
    title: "Payroll",
    start: new Date("2026-01-01T09:00:00Z"),
    end: new Date("2026-01-01T09:30:00Z"),
    timeZone: "Europe/Berlin",
  };

  it("writes a weekly rule as one Graph series in the Windows zone, with its range in local dates", async () => {
    const { fake, provider, accessToken, calendarId } = await setup();
    await provider.upsertEvent(accessToken, {
      calendarId,
      connectionId: "conn",
      eventId: "weekly",
      event: { ...event, recurrence: ["RRULE:FREQ=WEEKLY;BYDAY=TH,FR;UNTIL=20260131T080000Z"] },
    });
    const [master] = fake.events("ada@acme.test", calendarId);
    expect(master?.resource).toMatchObject({
      start: { dateTime: "2026-01-01T10:00:00", timeZone: "W. Europe Standard Time" },
      recurrence: {
        pattern: {
          type: "weekly",
          interval: 1,
          daysOfWeek: ["thursday", "friday"],
          firstDayOfWeek: "monday",
        },
        // UNTIL 09:00 local on the 31st is before the 10:00 instance: the range ends the day before.
        range: {
          type: "endDate",
          startDate: "2026-01-01",
          endDate: "2026-01-30",
          recurrenceTimeZone: "W. Europe Standard Time",
        },
      },
    });
  });

  it("expands a rule Graph cannot repeat into single events, says so, and removes them all with the series", async () => {
    const { fake, provider, accessToken, calendarId, shown } = await setup();
    const written = await provider.upsertEvent(accessToken, {
      calendarId,
      connectionId: "conn",
      eventId: "twice-monthly",
      event: { ...event, recurrence: ["RRULE:FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=4"] },
    });
    expect(written.externalId).toMatch(/^series:/);
    expect(written.note).toBe(
      "Graph has no recurrence for several or negative BYMONTHDAY values: the series was written as 4 single events.",
    );
    expect(await shown()).toEqual([
      "2026-01-01T09:00Z/2026-01-01T09:30Z",
      "2026-01-15T09:00Z/2026-01-15T09:30Z",
      "2026-02-01T09:00Z/2026-02-01T09:30Z",
      "2026-02-15T09:00Z/2026-02-15T09:30Z",
    ]);
    expect(
      await provider.findEventByKey?.(accessToken, {
        calendarId,
        connectionId: "conn",
        eventId: "twice-monthly",
      }),
    ).toEqual({
      externalId: written.externalId,
    });
    // Now Graph can repeat it: the singles make way for one series.
    const updated = await provider.updateEvent(accessToken, {
      calendarId,
      externalId: written.externalId,
      event: { ...event, recurrence: ["RRULE:FREQ=MONTHLY;BYMONTHDAY=1;COUNT=2"] },
    });
    expect(updated.externalId).not.toMatch(/^series:/);
    expect(await shown()).toEqual([
      "2026-01-01T09:00Z/2026-01-01T09:30Z",
      "2026-02-01T09:00Z/2026-02-01T09:30Z",
    ]);
    expect(fake.events("ada@acme.test", calendarId)).toHaveLength(1);
    // And back to singles, then gone.
    const again = await provider.updateEvent(accessToken, {
      calendarId,
      externalId: updated.externalId,
      event: { ...event, recurrence: ["RRULE:FREQ=DAILY;BYHOUR=9,15;COUNT=3"] },
    });
    expect(again.externalId).toBe(written.externalId);
    expect(await shown()).toHaveLength(3);
    expect(await provider.deleteEvent(accessToken, { calendarId, externalId: again.externalId })).toEqual({
      alreadyGone: false,
    });
    expect(await shown()).toEqual([]);
  });
});

describe("time-zone corpus: Microsoft (fake Graph calendarView, instance by instance in UTC)", () => {
  TIME_ZONE_CORPUS.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const { provider, accessToken, calendarId, shown } = await setup();
      const write = async () =>
        provider.upsertEvent(accessToken, {
          calendarId,
          connectionId: "conn",
          eventId: `evt${index}`,
          event: checkHostEvent(testCase.event),
        });
      if (testCase.error !== undefined) {
        await expect(write()).rejects.toThrow(testCase.error);
        return;
      }
      await write();
      expect(await shown()).toEqual(testCase.instances);
    });
  });
});
