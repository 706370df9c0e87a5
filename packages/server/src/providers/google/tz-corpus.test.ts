import { createFakeGoogle, createManualClock } from "@org/calendar-connections-testing";
import { describe, expect, it } from "vitest";
import { corpusGrant, instanceText, TIME_ZONE_CORPUS } from "../../events/tz-corpus.support.ts";
import { checkHostEvent } from "../../events/validate.ts";
import { googleProvider } from "./client.ts";

async function setup() {
  const clock = createManualClock(Date.parse("2026-01-01T00:00:00Z"));
  const fake = createFakeGoogle({
    baseURL: "http://fake.test/google",
    accounts: [{ email: "ada@acme.test" }],
    now: clock.now,
  });
  const provider = googleProvider({
    clientId: "google-client",
    clientSecret: "google-secret",
    redirectURI: "https://app.test/cb",
    endpoints: fake.endpoints,
    fetch: fake.fetch,
    now: () => new Date(clock.now()),
  });
  const { accessToken, calendarId } = await corpusGrant(fake, provider);
  /** What Google then shows: `events.list` with `singleEvents=true`, the event's instances only. */
  const shown = async (externalId: string): Promise<string[]> => {
    const list = new URL(`${fake.endpoints.apiBase}/calendars/${encodeURIComponent(calendarId)}/events`);
    list.searchParams.set("singleEvents", "true");
    list.searchParams.set("orderBy", "startTime");
    list.searchParams.set("timeMin", "2025-12-01T00:00:00Z");
    list.searchParams.set("timeMax", "2027-12-01T00:00:00Z");
    const response = await fake.fetch(list, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = (await response.json()) as { items: Record<string, Record<string, string>>[] };
    return body.items
      .filter((item) => String(item.id).startsWith(externalId))
      .map((item) => {
        const allDay = item.start?.date !== undefined;
        const at = (field: Record<string, string> | undefined): Date =>
          new Date(String(allDay ? field?.date : field?.dateTime));
        return instanceText(at(item.start), at(item.end), allDay);
      });
  };
  return { provider, accessToken, calendarId, shown };
}

describe("time-zone corpus: Google (fake Calendar v3, instance by instance in UTC)", () => {
  TIME_ZONE_CORPUS.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const { provider, accessToken, calendarId, shown } = await setup();
      const write = async () => {
        const event = checkHostEvent(testCase.event);
        return provider.upsertEvent(accessToken, {
          calendarId,
          connectionId: "conn",
          eventId: `evt${index}`,
          event,
        });
      };
      if (testCase.error !== undefined) {
        await expect(write()).rejects.toThrow(testCase.error);
        return;
      }
      const { externalId } = await write();

      expect(await shown(externalId)).toEqual(testCase.instances);
    });
  });
});
