import { createPostgresStorage } from "../storage/postgres.ts";
import { createScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { describeCliScenario } from "./scenario.support.ts";

const url = testDatabaseUrl(process.env);

// The storage comes from DATABASE_URL and CALENDAR_PG_SCHEMA here (the SQLite run uses --sqlite).
describeCliScenario("PostgreSQL", async () => {
  const schema = await createScratchSchema(url, "cc_cli");
  const storage = createPostgresStorage({ connectionString: url, schema: schema.name, max: 2 });
  return {
    flags: [],
    env: { DATABASE_URL: url, CALENDAR_PG_SCHEMA: schema.name },
    storage,
    async close() {
      await storage.close();
      await schema.drop();
    },
  };
});
