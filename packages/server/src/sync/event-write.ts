import { withConnectionAccess } from "../connection-access.ts";
import { checkHostEvent } from "../events/validate.ts";
import type { Logger } from "../handler/logger.ts";
import type { CalendarOperations, ConnectionAccess } from "../providers/define.ts";
import { isProviderError } from "../providers/errors.ts";
import type { ProviderRegistry, WritingProvider } from "../providers/registry.ts";
import type { EventWriteResult } from "../providers/types.ts";
import type {
  CalendarStorage,
  ConnectionRecord,
  EventLink,
  JobOutcomeWrite,
  SyncJob,
} from "../storage/types.ts";
import type { TokenManager } from "../tokens/token-manager.ts";
import { eventHash } from "./event-hash.ts";
import type { GetEvent, InviteAttendees } from "./types.ts";

/** What writing one job's event needs. */
export interface EventWriteDeps {
  readonly storage: CalendarStorage;
  readonly tokens: TokenManager;
  readonly providers: ProviderRegistry;
  readonly getEvent: GetEvent;
  readonly inviteAttendees?: InviteAttendees | undefined;
  readonly logger: Logger;
}

/** How a job changes its event's link: an object replaces it, null removes it, undefined leaves it. */
export type LinkChange = JobOutcomeWrite["link"];

type WrittenLink = NonNullable<LinkChange>;

/**
 * Writes a job's event where it lives and returns how its link changes, for `completeJob` to record
 * with the completion: the event's current state goes to its link's calendar (a new event to the
 * connection's target `calendarId`), or it is deleted when the host no longer has it.
 *
 * With `pending: "move"` the event is deleted where it lives and created in the target; on a
 * connection asked to disconnect (`disconnectRequestedAt`) every job deletes its event.
 *
 * A create first records its intent (a link with the calendar and no external id), so that after a
 * crash between the provider's answer and the completion the worker knows where the event may have
 * landed: it finds it there (by its deterministic id or its provider key) and updates or deletes it
 * instead of making a second copy or leaving an orphan, even when the target changed meanwhile.
 */
export async function writeEvent(
  deps: EventWriteDeps,
  record: ConnectionRecord,
  job: SyncJob,
  provider: WritingProvider,
  calendarId: string,
): Promise<LinkChange> {
  const calls = <T>(call: (api: CalendarOperations, access: ConnectionAccess) => Promise<T>): Promise<T> =>
    withConnectionAccess(deps.providers, deps.tokens, record, (access) => call(provider.calendar, access));
  // A connection asked to disconnect once its events are gone removes every event it is given.
  const removing = record.disconnectRequestedAt !== null;
  const [hostEvent, link] = await Promise.all([
    removing ? null : deps.getEvent(job.organizationId, job.eventId),
    deps.storage.getEventLink(job.organizationId, job.connectionId, job.eventId),
  ]);
  // Checked at the edge: what cannot be written fails the job with a clear message, never silently.
  const checked = hostEvent === null ? null : checkHostEvent(hostEvent);
  const invite =
    checked !== null && (checked.attendees?.length ?? 0) > 0
      ? ((await deps.inviteAttendees?.(job.organizationId)) ?? false)
      : false;
  // Without the policy's say-so attendees are not written at all (and not part of the hash, so a
  // policy change rewrites the events that have attendees).
  const event = checked === null || invite ? checked : { ...checked, attendees: null };
  // An event stays in the calendar it was written to when the target changes (moving it is the
  // admin's choice); a link from before links knew their calendar means the connection's.
  const home = link?.calendarId ?? calendarId;
  // Its old calendar deleted: the event went with it.
  const homeGone = (error: unknown): boolean =>
    home !== calendarId && isProviderError(error, "calendar_not_found");
  const missing = (error: unknown): boolean => isProviderError(error, "not_found", "gone") || homeGone(error);

  /** The id of the event a create under way may have made in `home`, if the provider can tell. */
  const landed = async (): Promise<string | null> => {
    const { idempotency } = provider.sync;
    if (idempotency.kind === "deterministic-id") return idempotency.externalId(record.id, job.eventId);
    const find = provider.calendar.findEventByKey;
    if (find === undefined) return null;
    try {
      const found = await calls((api, access) =>
        find.call(api, access, { calendarId: home, connectionId: record.id, eventId: job.eventId }),
      );
      return found?.externalId ?? null;
    } catch (error) {
      // The calendar is gone, and any event written to it with it.
      if (isProviderError(error, "calendar_not_found")) return null;
      throw error;
    }
  };
  const written = (at: string, result: EventWriteResult, hash: string): WrittenLink => {
    // Someone changed the calendar's copy since the kit wrote it; the product's version won.
    if (result.overwritten === true)
      deps.logger.info("calendar copy overwritten", {
        jobId: job.id,
        connectionId: record.id,
        eventId: job.eventId,
      });
    if (result.note !== undefined)
      deps.logger.info(result.note, { jobId: job.id, connectionId: record.id, eventId: job.eventId });
    return { calendarId: at, externalId: result.externalId, etag: result.etag, lastSyncedHash: hash };
  };
  // The ETag the link holds is that of its own event id only.
  const etagOf = (externalId: string): string | null =>
    link !== null && link.externalId === externalId ? link.etag : null;

  if (event === null) {
    const externalId = link?.externalId ?? (await landed());
    if (externalId !== null) {
      try {
        await calls((api, access) =>
          api.deleteEvent(access, { calendarId: home, externalId, etag: etagOf(externalId) }),
        );
      } catch (error) {
        if (!homeGone(error)) throw error;
      }
    }
    return link === null ? undefined : null;
  }

  const update = async (externalId: string): Promise<WrittenLink> =>
    written(
      home,
      await calls((api, access) =>
        api.updateEvent(access, { calendarId: home, externalId, etag: etagOf(externalId), event, invite }),
      ),
      eventHash(home, event),
    );
  /** Creates the event in the target, its intent recorded first. */
  const create = async (intent: EventLink | null): Promise<WrittenLink> => {
    // The intent is already there only when a create into this very calendar was under way.
    const recorded = intent !== null && intent.externalId === null && intent.calendarId === calendarId;
    if (!recorded) await recordIntent(deps.storage, job, calendarId);
    const result = await calls((api, access) =>
      api.upsertEvent(access, { calendarId, connectionId: record.id, eventId: job.eventId, event, invite }),
    );
    return written(calendarId, result, eventHash(calendarId, event));
  };

  if (link === null) return create(null);
  if (link.pending === "move" && home !== calendarId) {
    // The admin chose to move it with the calendar change: gone from there first, then made here
    // (a retry after a crash in between finds nothing there and goes on).
    const there = link.externalId ?? (await landed());
    if (there !== null) {
      try {
        await calls((api, access) =>
          api.deleteEvent(access, { calendarId: home, externalId: there, etag: etagOf(there) }),
        );
      } catch (error) {
        if (!missing(error)) throw error;
      }
    }
    return create(link);
  }
  if (link.externalId === null) {
    // A create was under way: update what it made where it made it, or create it now.
    const externalId = await landed();
    if (externalId === null) return create(link);
    try {
      return await update(externalId);
    } catch (error) {
      if (!missing(error)) throw error;
      return create(link);
    }
  }
  if (link.lastSyncedHash === eventHash(home, event)) return undefined;
  try {
    return await update(link.externalId);
  } catch (error) {
    // Deleted in the calendar by someone, or its calendar deleted: write it again.
    if (!missing(error)) throw error;
    return create(link);
  }
}

/** Records that the job's event is about to be created in `calendarId` (no external id yet). */
async function recordIntent(storage: CalendarStorage, job: SyncJob, calendarId: string): Promise<void> {
  await storage.upsertEventLink({
    organizationId: job.organizationId,
    connectionId: job.connectionId,
    eventId: job.eventId,
    calendarId,
    externalId: null,
    etag: null,
    lastSyncedHash: null,
  });
}
