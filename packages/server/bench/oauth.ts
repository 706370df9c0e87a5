// Section 2: the server-side time of one OAuth callback (state check, code exchange, identity, calendar list,
// token encryption, the connection row and its audit entry, the redirect), the fake provider's own time excluded.
import { rmSync } from "node:fs";
import { createFakeGoogle } from "@org/calendar-connections-testing";
import { createPostgresStorage } from "../src/storage/postgres.ts";
import { createSqliteStorage } from "../src/storage/sqlite.ts";
import type { CalendarStorage } from "../src/storage/types.ts";
import { createScratchSchema } from "../src/testing/postgres.support.ts";
import { createBenchKit, DATABASE_URL, load1, percentile, sessionCookie } from "./lib.ts";

export interface OAuthRow {
  readonly db: string;
  readonly callbacks: number;
  readonly serverP50Ms: number;
  readonly serverP99Ms: number;
  readonly totalP50Ms: number;
  readonly fakeP50Ms: number;
  readonly load1: number;
}

async function callbacks(
  db: string,
  storage: CalendarStorage,
  count: number,
  warmup: number,
): Promise<OAuthRow> {
  await storage.migrate();
  const google = createFakeGoogle({
    baseURL: "http://fake-google.test",
    accounts: [{ email: "admin@acme.test", id: "sub-admin", calendars: [{ name: "Team", primary: true }] }],
  });
  let fakeMs = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    try {
      return await google.fetch(input, init);
    } finally {
      fakeMs += performance.now() - started;
    }
  };
  const kit = await createBenchKit(storage, { endpoints: google.endpoints, fetch: timedFetch });
  const server: number[] = [];
  const total: number[] = [];
  const fake: number[] = [];
  const before = load1();
  for (let i = 0; i < warmup + count; i++) {
    // A new organization each time: every callback creates a connection, the common case.
    const organizationId = `org_oauth_${i}`;
    const started = await kit.api.startAuthorization(
      { userId: `admin_${organizationId}`, organizationId, role: "admin" },
      "google",
      {},
    );
    const binding = started.setCookie.split(";")[0] ?? "";
    const callbackURL = await google.consent(started.authorizationURL, { email: "admin@acme.test" });
    const request = new Request(callbackURL, {
      headers: { cookie: `${sessionCookie(organizationId)}; ${binding}` },
    });
    fakeMs = 0;
    const t0 = performance.now();
    const response = await kit.handler(request);
    const elapsed = performance.now() - t0;
    const location = response.headers.get("location") ?? "";
    if (response.status !== 303 || !location.includes("calendarConnection=connected")) {
      throw new Error(`callback ${i} failed: ${response.status} ${location}`);
    }
    if (i >= warmup) {
      total.push(elapsed);
      fake.push(fakeMs);
      server.push(elapsed - fakeMs);
    }
  }
  await storage.close();
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    db,
    callbacks: count,
    serverP50Ms: round(percentile(server, 50)),
    serverP99Ms: round(percentile(server, 99)),
    totalP50Ms: round(percentile(total, 50)),
    fakeP50Ms: round(percentile(fake, 50)),
    load1: before,
  };
}

export async function benchOAuth(options: { count: number; tmpDir: string }): Promise<OAuthRow[]> {
  const filename = `${options.tmpDir}/oauth.db`;
  rmSync(filename, { force: true });
  const rows = [await callbacks("sqlite", createSqliteStorage({ filename }), options.count, 30)];
  const schema = await createScratchSchema(DATABASE_URL, "cc_bench");
  try {
    rows.push(
      await callbacks(
        "postgres",
        createPostgresStorage({ connectionString: DATABASE_URL, schema: schema.name }),
        options.count,
        30,
      ),
    );
  } finally {
    await schema.drop();
  }
  return rows;
}
