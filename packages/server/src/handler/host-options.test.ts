// What a host meets before the first request: creating the kit touches no database (migrations run on
// first use, or by the host's own step), and a missing required option fails at once, by name.
import { describe, expect, it } from "vitest";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { icsFeed } from "../providers/ics/index.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage } from "../storage/types.ts";
import { createCalendarConnections } from "./create.ts";
import type { CalendarConnectionsOptions } from "./options.ts";

const APP = "https://app.test";
const BASE = "/api/calendar-connections";

/** Memory storage that records which of its methods ran, in order; `failMigrations` makes that many runs fail. */
function recordingStorage(failMigrations = 0): { storage: CalendarStorage; calls: string[] } {
  const inner = createMemoryStorage();
  const calls: string[] = [];
  let failures = failMigrations;
  const storage = new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        calls.push(String(key));
        if (key === "migrate" && failures > 0) {
          failures -= 1;
          throw new Error("database unreachable");
        }
        return (value as (...rest: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return { storage, calls };
}

async function options(storage: CalendarStorage): Promise<CalendarConnectionsOptions> {
  return {
    storage,
    keyring: await parseTokenKeys(`k1:${Buffer.alloc(32, 5).toString("base64")}`),
    providers: [icsFeed()],
    authorize: () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
    publicBaseURL: APP,
    getEvent: async () => null,
    logger: { info() {}, warn() {}, error() {} },
  };
}

const list = (kit: { handler: (request: Request) => Promise<Response> }): Promise<Response> =>
  kit.handler(new Request(`${APP}${BASE}/connections`));

describe("migrations", () => {
  it("run on first use, once, before anything else, however many requests arrive together", async () => {
    const { storage, calls } = recordingStorage();
    const kit = createCalendarConnections(await options(storage));
    expect(calls).toEqual([]);
    const responses = await Promise.all([list(kit), list(kit), list(kit)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(calls.filter((call) => call === "migrate")).toEqual(["migrate"]);
    expect(calls[0]).toBe("migrate");
    await kit.sync.processPendingCalendarSyncJobs();
    expect(calls.filter((call) => call === "migrate")).toHaveLength(1);
  });

  it("are tried again by the next request when a run fails", async () => {
    const { storage, calls } = recordingStorage(1);
    const kit = createCalendarConnections(await options(storage));
    expect((await list(kit)).status).toBe(500);
    expect((await list(kit)).status).toBe(200);
    expect(calls.filter((call) => call === "migrate")).toHaveLength(2);
  });

  it('are the host\'s step with migrations: "manual"', async () => {
    const { storage, calls } = recordingStorage();
    const kit = createCalendarConnections({ ...(await options(storage)), migrations: "manual" });
    expect((await list(kit)).status).toBe(200);
    expect(calls).not.toContain("migrate");
  });
});

describe("required options", () => {
  it.each(["storage", "keyring", "providers", "authorize", "publicBaseURL", "getEvent"] as const)(
    "a missing %s fails when the kit is created, naming the option",
    async (name) => {
      const { [name]: _left, ...rest } = await options(createMemoryStorage());
      expect(() => createCalendarConnections(rest as CalendarConnectionsOptions)).toThrow(
        new RegExp(`^createCalendarConnections: option "${name}" is missing: `),
      );
    },
  );

  it("a wrong kind is named too", async () => {
    const given = { ...(await options(createMemoryStorage())), getEvent: "events" };
    expect(() => createCalendarConnections(given as unknown as CalendarConnectionsOptions)).toThrow(
      'option "getEvent" must be a function',
    );
  });
});
