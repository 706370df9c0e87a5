import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { describeStorageConformance } from "../testing/conformance.ts";
import { createSqliteWorkerPool } from "../testing/sqlite-peer.support.ts";
import { createSqliteStorage } from "./sqlite.ts";
import type { CalendarStorage } from "./types.ts";

// Peers run in worker threads, each with its own better-sqlite3 connection to the case's file.
const workers = createSqliteWorkerPool();
afterAll(() => workers.terminate());

describeStorageConformance(
  "sqlite",
  async (clock) => {
    const dir = mkdtempSync(join(tmpdir(), "cc-sqlite-"));
    const filename = join(dir, "calendar.db");
    const storage = createSqliteStorage({ filename, now: clock.now });
    await storage.migrate();
    const peers: CalendarStorage[] = [];
    return {
      storage,
      async openPeer() {
        const peer = await workers.open(filename);
        peers.push(peer);
        return peer;
      },
      async close() {
        await Promise.all(peers.map((peer) => peer.close()));
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { peers: 2, claimersPerPeer: 3, jobs: 120 },
);
