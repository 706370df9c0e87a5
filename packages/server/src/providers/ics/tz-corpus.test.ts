import { describe, expect, it } from "vitest";
import { instancesByUid } from "../../events/ical-reader.support.ts";
import { toICalendar } from "../../events/ics.ts";
import { TIME_ZONE_CORPUS } from "../../events/tz-corpus.support.ts";
import { checkHostEvent } from "../../events/validate.ts";

const OPTIONS = {
  name: "Acme",
  productId: "-//Acme//Calendar connections//EN",
  uidDomain: "app.test",
  generatedAt: new Date("2026-01-01T00:00:00Z"),
};

describe("time-zone corpus: ICS feed (read back and expanded by ical.js, instance by instance in UTC)", () => {
  TIME_ZONE_CORPUS.forEach((testCase, index) => {
    it(testCase.name, () => {
      // The feed checks each event at the edge, as a sync job does (and leaves out one that fails).
      if (testCase.error !== undefined) {
        expect(() => checkHostEvent(testCase.event)).toThrow(testCase.error);
        return;
      }
      const event = { ...checkHostEvent(testCase.event), id: `evt${index}` };
      const feed = toICalendar([event], OPTIONS);
      expect(instancesByUid(feed).get(`evt${index}@app.test`)).toEqual(testCase.instances);
    });
  });

  it("carries every series of a feed at once, each in its own zone", () => {
    const events = TIME_ZONE_CORPUS.filter((testCase) => testCase.error === undefined).map(
      (testCase, index) => ({
        ...testCase.event,
        id: `evt${index}`,
      }),
    );
    const read = instancesByUid(toICalendar(events, OPTIONS));
    TIME_ZONE_CORPUS.filter((testCase) => testCase.error === undefined).forEach((testCase, index) => {
      expect(read.get(`evt${index}@app.test`)).toEqual(testCase.instances);
    });
  });
});
