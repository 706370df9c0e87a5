import { describe, expect, it } from "vitest";
import { type OldDatabase, postgresAt, sqliteAt } from "./old-database.support.ts";

// Migration 3 on a database that migration-2 code filled: event links written before links knew
// their calendar get their connection's calendar at the time of the migration.

const CREATED = "2025-06-01T10:00:00.000Z";

/** The migration-2 storage's inserts, trimmed to the columns that matter here. */
const CONNECTION = `INSERT INTO calendar_connection (id, organization_id, provider, exclusive, calendar_id, status,
  scopes, created_at, updated_at) VALUES (?, ?, 'google', ?, ?, 'active', '[]', ?, ?)`;
const LINK = `INSERT INTO calendar_event_link (organization_id, connection_id, event_id, external_id, etag,
  last_synced_hash, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, 'h', ?, ?)`;

async function migrateAndRead(db: OldDatabase, exclusive: number | boolean): Promise<void> {
  await db.run(CONNECTION, [
    "conn-a",
    "org-a",
    exclusive,
    "team@group.calendar.google.com",
    CREATED,
    CREATED,
  ]);
  // A connection whose calendar was never chosen: its links stay without one (the connection's, later).
  await db.run(CONNECTION, ["conn-b", "org-b", exclusive, null, CREATED, CREATED]);
  for (const event of ["ev-1", "ev-2"])
    await db.run(LINK, ["org-a", "conn-a", event, `x-${event}`, CREATED, CREATED]);
  await db.run(LINK, ["org-b", "conn-b", "ev-1", "x-b", CREATED, CREATED]);
  const storage = db.open();
  try {
    expect(await storage.migrate()).toEqual([3, 4, 5, 6]);
    expect(await storage.migrate()).toEqual([]);
    for (const event of ["ev-1", "ev-2"]) {
      expect(await storage.getEventLink("org-a", "conn-a", event)).toMatchObject({
        externalId: `x-${event}`,
        calendarId: "team@group.calendar.google.com",
        createdAt: new Date(CREATED),
      });
    }
    expect(await storage.getEventLink("org-b", "conn-b", "ev-1")).toMatchObject({ calendarId: null });
  } finally {
    await storage.close();
  }
}

describe("migration 3: event links remember their calendar", () => {
  it("SQLite: links written at migration 2 get their connection's calendar", async () => {
    const db = await sqliteAt(2);
    try {
      await migrateAndRead(db, 1);
    } finally {
      await db.close();
    }
  });

  it("PostgreSQL: links written at migration 2 get their connection's calendar", async () => {
    const db = await postgresAt(2);
    try {
      await migrateAndRead(db, true);
    } finally {
      await db.close();
    }
  });
});
