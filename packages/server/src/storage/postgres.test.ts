import { describeStorageConformance } from "../testing/conformance.ts";
import { createScratchSchema, testDatabaseUrl } from "../testing/postgres.ts";
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
