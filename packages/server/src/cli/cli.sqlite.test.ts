import { join } from "node:path";
import { createSqliteStorage } from "../storage/sqlite.ts";
import { describeCliScenario } from "./scenario.support.ts";

describeCliScenario("SQLite", async (dir) => {
  const file = join(dir, "calendar.db");
  let storage: ReturnType<typeof createSqliteStorage> | null = null;
  return {
    flags: ["--sqlite", file],
    env: {},
    // Opened lazily: the file only exists once `migrate` created it.
    get storage() {
      storage ??= createSqliteStorage({ filename: file });
      return storage;
    },
    close: async () => storage?.close(),
  };
});
