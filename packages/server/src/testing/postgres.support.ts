import pg from "pg";

/** The test database: `TEST_DATABASE_URL`, else the local PostgreSQL of the README. */
export function testDatabaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  return env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

/** A schema of its own on the test database; `drop()` removes it with everything in it. */
export interface ScratchSchema {
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named schema. Fails loudly, naming the URL and how to start the server, when
 * PostgreSQL cannot be reached: PostgreSQL tests are never skipped.
 */
export async function createScratchSchema(url: string, prefix = "cc_test"): Promise<ScratchSchema> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url.replace(/\/\/[^@/]*@/, "//***@")} (${error instanceof Error ? error.message : String(error)}). ` +
        "Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set TEST_DATABASE_URL. These tests are never skipped.",
    );
  }
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  return {
    name,
    async drop() {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await dropper.end();
      }
    },
  };
}
