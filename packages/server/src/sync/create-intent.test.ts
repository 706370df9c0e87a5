import { describe, expect, it } from "vitest";
import { createSyncHarness, event, liveTitles, type SyncHarness } from "./sync.support.ts";

// A worker can die between the provider's answer to a create and the job's completion, so the
// event exists in the calendar while the kit has no id for it. The create's intent (the calendar,
// no external id) is recorded first; whatever the host does next must reach that one event.

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;

type Provider = "google" | "microsoft";

/** A harness whose next completion is lost, as if the worker died after the provider's answer. */
async function crashedAfterCreate(provider: Provider): Promise<SyncHarness> {
  const h = await createSyncHarness({}, { provider });
  // Graph documents transactionId for immediate retries only: the kit must not need it later.
  h.microsoft.transactionIdWindowMs = 0;
  await h.put(event("evt_standup", "Standup"));
  await h.drain();
  const completeJobs = h.storage.completeJobs.bind(h.storage);
  h.storage.completeJobs = async (_owner, items) => items.map(() => false);
  await h.put(event("evt_board", "Board review"));
  await h.kit.sync.processPendingCalendarSyncJobs({ limit: 10, concurrency: 1 });
  h.storage.completeJobs = completeJobs;
  // The lease of the job that "died" runs out, so the next drain runs it again.
  h.clock.advance(10 * 60_000);
  return h;
}

function titles(h: SyncHarness, provider: Provider, calendarId: string): string[] {
  return liveTitles(h, calendarId, provider);
}

function primaryCalendar(h: SyncHarness, provider: Provider): string {
  const fake = provider === "google" ? h.google : h.microsoft;
  const primary = fake.account(h.email)?.calendars.find((calendar) => calendar.primary);
  if (primary === undefined) throw new Error("the fake account has no primary calendar");
  return primary.id;
}

describe.each<Provider>(["google", "microsoft"])("%s: a create whose completion was lost", (provider) => {
  it("has its intent recorded: the calendar, and no external id yet", async () => {
    const h = await crashedAfterCreate(provider);
    expect(titles(h, provider, h.calendarId)).toEqual(["Board review", "Standup"]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toMatchObject({
      calendarId: h.calendarId,
      externalId: null,
    });
  });

  it("a host delete before the retry removes the event that landed, leaving no orphan", async () => {
    const h = await crashedAfterCreate(provider);
    await h.remove("evt_board");
    expect(await h.drain()).toMatchObject({ deadLettered: 0, parked: 0 });
    expect(titles(h, provider, h.calendarId)).toEqual(["Standup"]);
    expect(await h.storage.getEventLink("org_acme", h.connectionId, "evt_board")).toBeNull();
  });

  it("a host update before the retry changes the event that landed instead of making a second one", async () => {
    const h = await crashedAfterCreate(provider);
    await h.put(event("evt_board", "Board review (moved)"));
    expect(await h.drain()).toMatchObject({ deadLettered: 0, parked: 0 });
    expect(titles(h, provider, h.calendarId)).toEqual(["Board review (moved)", "Standup"]);
    const link = await h.storage.getEventLink("org_acme", h.connectionId, "evt_board");
    expect(link).toMatchObject({ calendarId: h.calendarId });
    expect(link?.externalId).not.toBeNull();
  });

  it("after a change of target calendar, a delete still reaches the event where it landed", async () => {
    const h = await crashedAfterCreate(provider);
    const other = primaryCalendar(h, provider);
    await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: other });
    await h.remove("evt_board");
    expect(await h.drain()).toMatchObject({ deadLettered: 0, parked: 0 });
    expect(titles(h, provider, h.calendarId)).toEqual(["Standup"]);
    expect(titles(h, provider, other)).toEqual([]);
  });

  it("after a change of target calendar, an update lands on the one copy where it was made", async () => {
    const h = await crashedAfterCreate(provider);
    const other = primaryCalendar(h, provider);
    await h.kit.api.selectCalendar(ADMIN, h.connectionId, { calendarId: other });
    await h.put(event("evt_board", "Board review (moved)"));
    await h.put(event("evt_offsite", "Offsite"));
    expect(await h.drain()).toMatchObject({ deadLettered: 0, parked: 0 });
    expect(titles(h, provider, h.calendarId)).toEqual(["Board review (moved)", "Standup"]);
    expect(titles(h, provider, other)).toEqual(["Offsite"]);
  });
});
