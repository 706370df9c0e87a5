import { describe, expect, it } from "vitest";
import { describeStorageConformance } from "../testing/conformance.ts";
import { createScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { createPostgresStorage } from "./postgres.ts";
import type { CalendarStorage } from "./types.ts";

const url = testDatabaseUrl(process.env);

// Every case gets a schema of its own, dropped afterwards; peers are separate pools.
describeStorageConformance(
  "postgres",
  async (clock) => {
    const schema = await createScratchSchema(url);
    const storage = createPostgresStorage({
      connectionString: url,
      schema: schema.name,
      max: 4,
      now: clock.now,
    });
    await storage.migrate();
    const peers: CalendarStorage[] = [];
    return {
      storage,
      async openPeer() {
        const peer = createPostgresStorage({ connectionString: url, schema: schema.name, max: 8 });
        peers.push(peer);
        return peer;
      },
      async close() {
        await Promise.all([...peers, storage].map((s) => s.close()));
        await schema.drop();
      },
    };
  },
  { peers: 2, claimersPerPeer: 8, jobs: 300 },
);

describe("postgres migrations", () => {
  it("applies once when several processes migrate at the same time", async () => {
    const schema = await createScratchSchema(url, "cc_migrate");
    const storages = Array.from({ length: 4 }, () =>
      createPostgresStorage({ connectionString: url, schema: schema.name, max: 2 }),
    );
    try {
      const applied = await Promise.all(storages.map((s) => s.migrate()));
      expect(applied.flat()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await storages[0]?.migrate()).toEqual([]);
    } finally {
      await Promise.all(storages.map((s) => s.close()));
      await schema.drop();
    }
  });
});
