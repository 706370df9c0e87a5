// A host's SQLite file as the README configures it: a folder that does not exist yet, nothing written
// until the kit is first used, the schema in place after the first request.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { createCalendarConnections } from "../handler/create.ts";
import { icsFeed } from "../providers/ics/index.ts";
import { createSqliteStorage } from "./sqlite.ts";

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("createSqliteStorage({ filename }) on first use", () => {
  it("creates the file and its folders only when first used, and the kit migrates it", async () => {
    const root = mkdtempSync(join(tmpdir(), "cc-sqlite-first-use-"));
    folders.push(root);
    const filename = join(root, "data", "nested", "calendar.db");
    const storage = createSqliteStorage({ filename });
    const kit = createCalendarConnections({
      storage,
      keyring: await parseTokenKeys(`k1:${Buffer.alloc(32, 9).toString("base64")}`),
      providers: [icsFeed()],
      authorize: () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
      publicBaseURL: "https://app.test",
      getEvent: async () => null,
    });
    expect(existsSync(join(root, "data"))).toBe(false);

    const response = await kit.handler(new Request("https://app.test/api/calendar-connections/connections"));
    expect(response.status).toBe(200);
    expect(existsSync(filename)).toBe(true);
    // Every migration already ran: another run applies none.
    expect(await storage.migrate()).toEqual([]);
    await storage.close();
  });

  it("closes without ever opening", async () => {
    const root = mkdtempSync(join(tmpdir(), "cc-sqlite-first-use-"));
    folders.push(root);
    await createSqliteStorage({ filename: join(root, "never", "calendar.db") }).close();
    expect(existsSync(join(root, "never"))).toBe(false);
  });
});
