import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../handler/harness.support.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import { createSqliteStorage } from "../storage/sqlite.ts";
import type { CalendarStorage } from "../storage/types.ts";
import { event } from "./sync.support.ts";

/** `BACKFILL_EVENT_ID` of the engine, spelled out so this test also runs against code without it. */
const BACKFILL_EVENT_ID = "calendar-connections:backfill";
const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;
const MANY = Array.from({ length: 2000 }, (_, i) => event(`evt_${i}`, `Event ${i}`));
/** Far fewer than one per event: a backfill of 2,000 events is a handful of multi-row statements. */
const STATEMENT_BUDGET = 60;

const START = Date.UTC(2026, 10, 26, 9, 0, 0);

/** A storage clock that follows the harness's once it exists (the harness starts at `START`). */
function followingClock(): { now: () => Date; follow: (h: Harness) => void } {
  let current = (): Date => new Date(START);
  return {
    now: () => current(),
    follow: (h) => {
      current = () => new Date(h.clock.now());
    },
  };
}

/** A harness on SQLite that counts every statement the database runs. */
async function countingHarness(): Promise<{
  h: Harness;
  storage: CalendarStorage;
  statements: () => number;
}> {
  let statements = 0;
  const database = new Database(":memory:", {
    verbose: () => {
      statements += 1;
    },
  });
  const clock = followingClock();
  const storage = createSqliteStorage({ database, now: clock.now });
  await storage.migrate();
  const h = await createHarness({ storage });
  clock.follow(h);
  h.events.set("org_acme", MANY);
  return { h, storage, statements: () => statements };
}

/** Runs the worker until nothing is due (a backfill job enqueues the events it then syncs). */
async function drain(h: Harness): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 500 });
    if (result.claimed === 0) return;
  }
}

const titles = (h: Harness, calendarId: string): string[] =>
  h.google
    .events("alice@acme.test", calendarId)
    .filter((e) => e.status === "confirmed")
    .map((e) => String(e.resource.summary))
    .sort();

async function chooseOne(h: Harness): Promise<{ id: string; calendarId: string }> {
  const { location } = await h.connect("alice");
  const id = location.searchParams.get("connectionId") ?? "";
  const [calendar] = (await h.kit.api.listCalendars(ADMIN, id)).filter((c) => c.canWrite);
  return { id, calendarId: calendar?.id ?? "" };
}

describe("backfill: bounded work per request", () => {
  it("the OAuth callback backfills 2,000 events in a bounded number of SQLite statements", async () => {
    const { h, storage, statements } = await countingHarness();
    const before = statements();
    const { location } = await h.connect("alice", { email: "ops@acme.test" });
    expect(location.searchParams.get("calendarConnection")).toBe("connected");
    expect(statements() - before).toBeLessThan(STATEMENT_BUDGET);
    expect(await storage.listJobs({ limit: 5000 })).toHaveLength(MANY.length);
  });

  it("PATCH choosing a calendar backfills 2,000 events in a bounded number of SQLite statements", async () => {
    const { h, storage, statements } = await countingHarness();
    const { id, calendarId } = await chooseOne(h);
    const before = statements();
    const response = await h.call("PATCH", `/connections/${id}`, { body: { calendarId } });
    expect(response.status).toBe(200);
    expect(statements() - before).toBeLessThan(STATEMENT_BUDGET);
    expect(await storage.listJobs({ limit: 5000 })).toHaveLength(MANY.length);
  });
});

/** A harness whose host event list fails until `recover()`. */
async function downEventsHarness(): Promise<{ h: Harness; recover: () => void }> {
  let down = true;
  const h = await createHarness({
    listEvents: async (organizationId) => {
      if (down) throw new Error("events service down");
      return h.events.get(organizationId) ?? [];
    },
  });
  return {
    h,
    recover: () => {
      down = false;
    },
  };
}

describe("backfill: never an error after the change committed", () => {
  it("a failing event list after PATCH answers 200 with the connection, and the events land once it recovers", async () => {
    const { h, recover } = await downEventsHarness();
    h.events.set("org_acme", [event("evt_1", "Board review"), event("evt_2", "Ops sync")]);
    const { id, calendarId } = await chooseOne(h);
    const response = await h.call("PATCH", `/connections/${id}`, { body: { calendarId } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, calendarId });
    expect((await h.kit.api.getConnection(ADMIN, id)).calendarId).toBe(calendarId);
    expect(h.logs.some((line) => line.includes("backfill after a connection change failed"))).toBe(true);
    // Still down when the worker first tries: retried later, not lost.
    await drain(h);
    expect(titles(h, calendarId)).toEqual([]);
    recover();
    h.clock.advance(2 * 60 * 60 * 1000);
    await drain(h);
    expect(titles(h, calendarId)).toEqual(["Board review", "Ops sync"]);
    expect(await h.storage.listJobs()).toEqual([]);
  });

  it("a storage failure writing the backfill after PATCH answers 200, and the events land once it clears", async () => {
    let faulty = false;
    const clock = followingClock();
    const inner = createMemoryStorage({ now: clock.now });
    // The backfill's rows fail to write (a timeout on the big statement); the rest of the storage works.
    const storage = new Proxy(inner, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]): unknown => {
          const eventId = (args[0] as { eventId?: unknown } | undefined)?.eventId;
          const backfillWrite =
            property === "enqueueJobs" || (property === "enqueueJob" && eventId !== BACKFILL_EVENT_ID);
          if (faulty && backfillWrite) return Promise.reject(new Error("statement timeout"));
          return Reflect.apply(value, target, args);
        };
      },
    });
    const h = await createHarness({ storage });
    clock.follow(h);
    h.events.set("org_acme", [event("evt_1", "Board review")]);
    const { id, calendarId } = await chooseOne(h);
    faulty = true;
    const response = await h.call("PATCH", `/connections/${id}`, { body: { calendarId } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, calendarId });
    faulty = false;
    await drain(h);
    expect(titles(h, calendarId)).toEqual(["Board review"]);
  });

  it("the OAuth callback answers connected when the event list fails, and the events land once it recovers", async () => {
    const { h, recover } = await downEventsHarness();
    h.events.set("org_acme", [event("evt_1", "Ops review")]);
    const { location } = await h.connect("alice", { email: "ops@acme.test" });
    expect(location.searchParams.get("calendarConnection")).toBe("connected");
    recover();
    await drain(h);
    const titlesOps = h.google
      .events("ops@acme.test", "ops@acme.test")
      .filter((e) => e.status === "confirmed")
      .map((e) => e.resource.summary);
    expect(titlesOps).toEqual(["Ops review"]);
  });
});
