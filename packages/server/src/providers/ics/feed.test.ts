import { CreateConnectionResponse } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import type { HostEventWithId } from "../../events/types.ts";
import { createHarness, type Harness } from "../../handler/harness.support.ts";
import { icsFeed } from "./index.ts";

const ADMIN = { userId: "user_alice", organizationId: "org_acme", role: "admin" } as const;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
// The harness's clock starts at 2026-11-26T09:00:00Z.
const NOW = Date.UTC(2026, 10, 26, 9);

function event(id: string, startOffsetMs: number, title = `Event ${id}`, durationMs = HOUR): HostEventWithId {
  return {
    id,
    title,
    start: new Date(NOW + startOffsetMs),
    end: new Date(NOW + startOffsetMs + durationMs),
  };
}

async function feedURL(h: Harness): Promise<string> {
  const created = await h.call("POST", "/connections", { body: { provider: "ics" } });
  return CreateConnectionResponse.parse(await created.json()).feedUrl ?? "";
}

function fetchFeed(h: Harness, url: string, headers: Record<string, string> = {}): Promise<Response> {
  return h.kit.handler(new Request(url, { headers }));
}

function uids(text: string): string[] {
  return [...text.matchAll(/^UID:(.+)@/gm)].map((match) => match[1] ?? "");
}

describe("ICS feed validators", () => {
  it("answers a strong ETag that holds across identical fetches, a later fetch and the host's order", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [event("a", DAY), event("b", 2 * DAY)]);
    const url = await feedURL(h);
    const first = await fetchFeed(h, url);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const body = await first.text();
    expect((await fetchFeed(h, url)).headers.get("etag")).toBe(etag);
    h.clock.advance(HOUR);
    h.events.set("org_acme", [event("b", 2 * DAY), event("a", DAY)]);
    const later = await fetchFeed(h, url);
    expect(later.headers.get("etag")).toBe(etag);
    expect(await later.text()).toBe(body);
  });

  it("changes the ETag when an event changes, appears or goes", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [event("a", DAY), event("b", 2 * DAY)]);
    const url = await feedURL(h);
    const seen = new Set<string>();
    const etagNow = async (): Promise<string> => (await fetchFeed(h, url)).headers.get("etag") ?? "";
    seen.add(await etagNow());
    h.events.set("org_acme", [event("a", DAY, "Board review (moved)"), event("b", 2 * DAY)]);
    seen.add(await etagNow());
    h.events.set("org_acme", [
      event("a", DAY, "Board review (moved)"),
      event("b", 2 * DAY),
      event("c", 3 * DAY),
    ]);
    seen.add(await etagNow());
    h.events.set("org_acme", [event("a", DAY, "Board review (moved)")]);
    seen.add(await etagNow());
    expect(seen.size).toBe(4);
  });

  it("answers a matching If-None-Match with 304, no body and the same cache headers", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [event("a", DAY)]);
    const url = await feedURL(h);
    const full = await fetchFeed(h, url);
    const etag = full.headers.get("etag") ?? "";
    for (const header of [etag, `W/${etag}`, `"stale", ${etag}`, "*"]) {
      const cached = await fetchFeed(h, url, { "if-none-match": header });
      expect(cached.status, header).toBe(304);
      expect(await cached.text()).toBe("");
      expect(cached.headers.get("etag")).toBe(etag);
      expect(cached.headers.get("cache-control")).toBe(full.headers.get("cache-control"));
      expect(cached.headers.get("content-type")).toBeNull();
    }
    const other = await fetchFeed(h, url, { "if-none-match": '"something-else"' });
    expect(other.status).toBe(200);
    expect(await other.text()).toContain("UID:a@app.test");
    h.events.set("org_acme", [event("a", DAY, "Renamed")]);
    const changed = await fetchFeed(h, url, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("SUMMARY:Renamed");
  });

  it("still answers 404 to an unknown token that sends If-None-Match: *", async () => {
    const h = await createHarness();
    const url = await feedURL(h);
    const unknown = url.replace(/[\w-]{43}\.ics$/, `${"a".repeat(43)}.ics`);
    expect((await fetchFeed(h, unknown, { "if-none-match": "*" })).status).toBe(404);
  });
});

describe("ICS feed cap", () => {
  it("serves at most maxEvents, keeping what is to come first, and says the feed was truncated", async () => {
    const h = await createHarness({ providers: [icsFeed({ maxEvents: 3 })] });
    const url = await feedURL(h);
    // Two upcoming (listed last on purpose), one ongoing, three past.
    h.events.set("org_acme", [
      event("past-3", -3 * DAY),
      event("past-1", -1 * DAY),
      event("past-2", -2 * DAY),
      event("next-2", 2 * DAY),
      event("next-1", DAY),
      event("ongoing", -HOUR / 2),
    ]);
    let text = await (await fetchFeed(h, url)).text();
    expect(uids(text)).toEqual(["ongoing", "next-1", "next-2"]);
    expect(text).toContain("\r\nX-CALENDAR-CONNECTIONS-TRUNCATED:TRUE\r\n");

    // Room left after the upcoming ones goes to the most recent past events, and the order stays by start.
    h.events.set("org_acme", [event("past-3", -3 * DAY), event("past-1", -DAY), event("next-1", DAY)]);
    h.events.get("org_acme")?.push(event("past-2", -2 * DAY));
    text = await (await fetchFeed(h, url)).text();
    expect(uids(text)).toEqual(["past-2", "past-1", "next-1"]);
    expect(text).toContain("X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE");

    h.events.set("org_acme", [event("past-1", -DAY), event("next-1", DAY)]);
    text = await (await fetchFeed(h, url)).text();
    expect(uids(text)).toEqual(["past-1", "next-1"]);
    expect(text).not.toContain("TRUNCATED");
  });

  it("leaves out events outside the window of whole days around today", async () => {
    const h = await createHarness({ providers: [icsFeed({ pastDays: 7, futureDays: 30 })] });
    const url = await feedURL(h);
    // Today starts at 2026-11-26T00:00Z: the window is [2026-11-19T00:00Z, 2026-12-27T00:00Z).
    const at = (iso: string, id: string, hours = 1): HostEventWithId => ({
      id,
      title: id,
      start: new Date(iso),
      end: new Date(new Date(iso).getTime() + hours * HOUR),
    });
    h.events.set("org_acme", [
      at("2026-11-18T22:00:00Z", "ended-before-window"),
      at("2026-11-18T23:30:00Z", "ends-inside-window"),
      at("2026-08-01T00:00:00Z", "long-and-ongoing", 24 * 200),
      at("2026-12-26T23:00:00Z", "last-day"),
      at("2026-12-27T00:00:00Z", "after-window"),
      { ...at("2026-12-01T09:00:00Z", "invalid-date"), end: new Date(Number.NaN) },
    ]);
    const response = await fetchFeed(h, url);
    expect(response.status).toBe(200);
    expect(uids(await response.text())).toEqual(["long-and-ongoing", "ends-inside-window", "last-day"]);
  });

  it("defaults to 90 days back, 365 ahead and 1000 events", async () => {
    const h = await createHarness();
    const url = await feedURL(h);
    const edges = [
      event("too-old", -92 * DAY),
      event("old-enough", -89 * DAY),
      event("a-year-ahead", 365 * DAY - 10 * HOUR),
      event("far-ahead", 366 * DAY),
    ];
    h.events.set("org_acme", edges);
    expect(uids(await (await fetchFeed(h, url)).text())).toEqual(["old-enough", "a-year-ahead"]);

    const bulk = Array.from({ length: 1000 }, (_, index) => event(`bulk-${index}`, HOUR + index * 60_000));
    h.events.set("org_acme", [...edges, ...bulk]);
    const text = await (await fetchFeed(h, url)).text();
    // 1000 upcoming events fill the cap: the past one and the one a year out give way.
    expect(uids(text)).toEqual(bulk.map((entry) => entry.id));
    expect(text).toContain("X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE");
  });

  it.each([
    { maxEvents: 0 },
    { maxEvents: 1.5 },
    { maxEvents: Number.POSITIVE_INFINITY },
    { pastDays: -1 },
    { futureDays: Number.NaN },
  ])("refuses %o when the host builds its providers", (options) => {
    expect(() => icsFeed(options)).toThrow(/icsFeed: \w+ must be a whole number/);
  });
});

describe("ICS feed fetches", () => {
  it("are recorded as the connection's last sync, to the minute, whether 200 or 304", async () => {
    const h = await createHarness();
    h.events.set("org_acme", [event("a", DAY)]);
    const url = await feedURL(h);
    const lastSynced = async (): Promise<string | null> => {
      const [connection] = await h.kit.api.listConnections(ADMIN);
      return connection?.lastSyncedAt ?? null;
    };
    expect(await lastSynced()).toBeNull();
    const etag = (await fetchFeed(h, url)).headers.get("etag") ?? "";
    const first = new Date(h.clock.now()).toISOString();
    expect(await lastSynced()).toBe(first);
    h.clock.advance(30_000);
    await fetchFeed(h, url, { "if-none-match": etag });
    expect(await lastSynced()).toBe(first);
    h.clock.advance(30_000);
    expect((await fetchFeed(h, url, { "if-none-match": etag })).status).toBe(304);
    expect(await lastSynced()).toBe(new Date(h.clock.now()).toISOString());
  });
});
