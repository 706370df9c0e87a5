import { describe, expect, it } from "vitest";
import { type OldDatabase, postgresAt, sqliteAt } from "./old-database.support.ts";

// Migration 4 on a database that migration-3 code filled: the link table loses the NOT NULL on
// `external_id` (so a create under way can be recorded) and keeps every row and its foreign key.

const CREATED = "2025-09-01T10:00:00.000Z";

const CONNECTION = `INSERT INTO calendar_connection (id, organization_id, provider, exclusive, calendar_id, status,
  scopes, created_at, updated_at) VALUES (?, ?, 'google', ?, 'cal-a', 'active', '[]', ?, ?)`;
const LINK = `INSERT INTO calendar_event_link (organization_id, connection_id, event_id, calendar_id, external_id,
  etag, last_synced_hash, created_at, updated_at) VALUES (?, ?, ?, 'cal-a', ?, 'e', 'h', ?, ?)`;

async function migrateAndWriteIntent(db: OldDatabase, exclusive: number | boolean): Promise<void> {
  await db.run(CONNECTION, ["conn-a", "org-a", exclusive, CREATED, CREATED]);
  await db.run(LINK, ["org-a", "conn-a", "ev-1", "x-1", CREATED, CREATED]);
  // Before migration 4 an intent (no external id) is refused.
  await expect(db.run(LINK, ["org-a", "conn-a", "ev-2", null, CREATED, CREATED])).rejects.toThrow();
  const storage = db.open();
  try {
    expect(await storage.migrate()).toEqual([4, 5, 6]);
    expect(await storage.getEventLink("org-a", "conn-a", "ev-1")).toMatchObject({
      calendarId: "cal-a",
      externalId: "x-1",
      etag: "e",
      lastSyncedHash: "h",
      createdAt: new Date(CREATED),
      updatedAt: new Date(CREATED),
    });
    const intent = { organizationId: "org-a", connectionId: "conn-a", eventId: "ev-2", calendarId: "cal-a" };
    expect(
      await storage.upsertEventLink({ ...intent, externalId: null, etag: null, lastSyncedHash: null }),
    ).toMatchObject({ ...intent, externalId: null });
    // The rebuilt table still refuses a link to a connection that does not exist.
    await expect(db.run(LINK, ["org-a", "conn-missing", "ev-3", "x-3", CREATED, CREATED])).rejects.toThrow();
  } finally {
    await storage.close();
  }
}

describe("migration 4: an event link can record a create under way", () => {
  it("SQLite: the table is rebuilt with its rows, and takes a link without an external id", async () => {
    const db = await sqliteAt(3);
    try {
      await migrateAndWriteIntent(db, 1);
    } finally {
      await db.close();
    }
  });

  it("PostgreSQL: the constraint goes, the rows stay, and a link without an external id is taken", async () => {
    const db = await postgresAt(3);
    try {
      await migrateAndWriteIntent(db, true);
    } finally {
      await db.close();
    }
  });
});
