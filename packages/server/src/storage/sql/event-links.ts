import type { EventLinkMethods } from "../aggregates.ts";
import type { SqlContext } from "./executor.ts";
import { first, readLink } from "./rows.ts";

/** The columns of an event link insert, in the order of its ten values. */
export const LINK_COLUMNS =
  "organization_id, connection_id, event_id, calendar_id, external_id, etag, last_synced_hash, pending, created_at, updated_at";

/** Turns a link insert into an upsert that keeps `created_at`. */
export const LINK_CONFLICT = `ON CONFLICT (connection_id, event_id) DO UPDATE SET calendar_id = excluded.calendar_id,
  external_id = excluded.external_id,
  etag = excluded.etag, last_synced_hash = excluded.last_synced_hash, pending = excluded.pending,
  updated_at = excluded.updated_at`;

/** Removes one link (params: organization, connection, event). */
export const DELETE_LINK =
  "DELETE FROM calendar_event_link WHERE organization_id = ? AND connection_id = ? AND event_id = ?";

/** The event links of `CalendarStorage` on SQL. */
export function sqlEventLinks(ctx: SqlContext): EventLinkMethods {
  const { db, now, tsParam } = ctx;
  return {
    async getEventLink(organizationId, connectionId, eventId) {
      return first(
        await db.query(
          "SELECT * FROM calendar_event_link WHERE organization_id = ? AND connection_id = ? AND event_id = ?",
          [organizationId, connectionId, eventId],
        ),
        readLink,
      );
    },

    async upsertEventLink(link) {
      const at = now();
      // Selected from the connection row, so a connection of another organization inserts nothing.
      return first(
        await db.query(
          `INSERT INTO calendar_event_link (${LINK_COLUMNS})
           SELECT c.organization_id, c.id, ?, ?, ?, ?, ?, ?, ${tsParam}, ${tsParam}
           FROM calendar_connection c WHERE c.id = ? AND c.organization_id = ?
           ${LINK_CONFLICT}
           RETURNING *`,
          [
            link.eventId,
            link.calendarId,
            link.externalId,
            link.etag,
            link.lastSyncedHash,
            link.pending ?? null,
            at,
            at,
            link.connectionId,
            link.organizationId,
          ],
        ),
        readLink,
      );
    },

    async deleteEventLink(organizationId, connectionId, eventId) {
      return (await db.execute(DELETE_LINK, [organizationId, connectionId, eventId])) === 1;
    },

    async markLinksToMove(organizationId, connectionId, calendars) {
      const rows = await db.query(
        `UPDATE calendar_event_link SET calendar_id = coalesce(calendar_id, ?), pending = 'move',
           updated_at = ${tsParam}
         WHERE organization_id = ? AND connection_id = ? AND coalesce(calendar_id, ?, '') <> ?
         RETURNING event_id`,
        [calendars.from, now(), organizationId, connectionId, calendars.from, calendars.to],
      );
      return rows.map((row) => String(row.event_id));
    },

    async listLinkedEventIds(organizationId, connectionId) {
      const rows = await db.query(
        "SELECT event_id FROM calendar_event_link WHERE organization_id = ? AND connection_id = ? ORDER BY event_id",
        [organizationId, connectionId],
      );
      return rows.map((row) => String(row.event_id));
    },
  };
}
