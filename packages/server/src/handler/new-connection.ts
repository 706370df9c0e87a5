import type { Calendar } from "@org/calendar-connections-core";
import type { CalendarProvider, ConnectionAccess } from "../providers/define.ts";
import type { ConnectionRecord } from "../storage/types.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";

/**
 * The calendar a new connection syncs into without asking: the only writable one of the account, when
 * there is exactly one. With several, the page asks the admin to pick.
 */
export async function soleWritableCalendar(
  provider: CalendarProvider,
  access: ConnectionAccess,
): Promise<Calendar | undefined> {
  if (provider.calendar === undefined || !provider.capabilities.calendarPicker) return undefined;
  const writable = (await provider.calendar.listCalendars(access)).filter((calendar) => calendar.canWrite);
  return writable.length === 1 ? writable[0] : undefined;
}

/** Fills a new connection's calendar with the events that exist; best effort, later changes sync anyway. */
export async function backfillNewConnection(kit: Kit, connection: ConnectionRecord): Promise<void> {
  if (connection.calendarId === null) return;
  await kit.sync.backfillConnection(connection.organizationId, connection.id).catch((error: unknown) => {
    kit.logger.warn("backfill of a new connection failed", {
      connectionId: connection.id,
      reason: describeError(error),
    });
  });
}
