import { describe, expect, it } from "vitest";
import { createHarness } from "../handler/harness.support.ts";
import { event } from "./sync.support.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

describe("backfill", () => {
  it("fills a newly chosen calendar with the events that already exist, and a changed one with none of them", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [event("evt_1", "Existing one"), event("evt_2", "Existing two")]);
    const { location } = await h.connect("alice");
    const id = location.searchParams.get("connectionId") ?? "";
    // Several calendars: nothing is chosen yet, so nothing is written.
    expect(await h.storage.listJobs()).toEqual([]);
    const calendars = (await h.kit.api.listCalendars(ADMIN, id)).filter((calendar) => calendar.canWrite);
    const [first, second] = calendars;
    await h.kit.api.selectCalendar(ADMIN, id, { calendarId: first?.id ?? "" });
    await h.kit.sync.processPendingCalendarSyncJobs();
    const titles = (calendarId: string) =>
      h.google
        .events("alice@acme.test", calendarId)
        .filter((e) => e.status === "confirmed")
        .map((e) => e.resource.summary)
        .sort();
    expect(titles(first?.id ?? "")).toEqual(["Existing one", "Existing two"]);
    // Choosing the same calendar again writes nothing new.
    await h.kit.api.selectCalendar(ADMIN, id, { calendarId: first?.id ?? "" });
    expect(await h.storage.listJobs()).toEqual([]);
    // Another calendar: the events synced already stay where they live, and none is copied.
    await h.kit.api.selectCalendar(ADMIN, id, { calendarId: second?.id ?? "" });
    await h.kit.sync.processPendingCalendarSyncJobs();
    expect(titles(first?.id ?? "")).toEqual(["Existing one", "Existing two"]);
    expect(titles(second?.id ?? "")).toEqual([]);
  });

  it("fills a calendar chosen at connect time, and a failing event list does not undo the connection", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [event("evt_1", "Ops review")]);
    const { location } = await h.connect("alice", { email: "ops@acme.test" });
    expect(location.searchParams.get("calendarConnection")).toBe("connected");
    expect(await h.kit.sync.processPendingCalendarSyncJobs()).toMatchObject({ succeeded: 1 });

    const failing = await createHarness({
      listEvents: async () => {
        throw new Error("events service down");
      },
    });
    const result = await failing.connect("alice", { email: "ops@acme.test" });
    expect(result.location.searchParams.get("calendarConnection")).toBe("connected");
    expect(await failing.storage.listConnections("org_acme")).toHaveLength(1);
  });
});
