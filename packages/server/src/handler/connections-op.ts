import type {
  AuditEntry,
  Calendar,
  Connection,
  DeadLetter,
  UpdateConnectionBody,
} from "@org/calendar-connections-core";
import { withConnectionAccess } from "../connection-access.ts";
import { connectionHealth } from "../connection-health.ts";
import { ApiError } from "../http/api-error.ts";
import { healthNotice } from "../notifications/notice.ts";
import type { CalendarProvider, ConnectionAccess } from "../providers/define.ts";
import { isProviderError, type ProviderError } from "../providers/errors.ts";
import { apiErrorCodeFor, healthVerdictFor } from "../providers/health.ts";
import type { WritingProvider } from "../providers/registry.ts";
import type { ConnectionRecord } from "../storage/types.ts";
import { ConnectionUnusableError } from "../tokens/token-manager.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";
import { afterCommit } from "./new-connection.ts";
import type { Actor } from "./options.ts";
import { requireAdmin } from "./session.ts";
import { presentAudit, presentConnection, presentConnections } from "./user-names.ts";

/** The connection in the actor's organization; another organization's id answers 404 like a missing one. */
export async function load(kit: Kit, actor: Actor, id: string): Promise<ConnectionRecord> {
  requireAdmin(actor);
  const record = await kit.storage.getConnection(actor.organizationId, id);
  if (record === null) throw new ApiError("connection_not_found");
  return record;
}

export function requireLive(record: ConnectionRecord): void {
  if (record.status === "disconnected") throw new ApiError("connection_disconnected");
}

/** The provider of a connection, or 409 when the host no longer passes it. */
function providerOf(kit: Kit, record: ConnectionRecord): CalendarProvider {
  const provider = kit.providers.get(record.provider);
  if (provider === null) throw new ApiError("provider_not_configured");
  return provider;
}

/** Maps a provider failure met while serving an admin's request to the problem it answers. */
export function toApiError(error: unknown): unknown {
  if (error instanceof ConnectionUnusableError) {
    if (error.reason === "not_configured") return new ApiError("provider_not_configured");
    return new ApiError(
      error.reason === "credentials_unreadable" ? "credentials_unreadable" : "token_revoked",
    );
  }
  if (!isProviderError(error)) return error;
  return new ApiError(apiErrorCodeFor(error), { cause: error });
}

/** Calls a writing provider's calendar operations for a connection, answering failures as problems. */
async function withCalendar<T>(
  kit: Kit,
  record: ConnectionRecord,
  call: (calendar: WritingProvider["calendar"], access: ConnectionAccess) => Promise<T>,
): Promise<T | null> {
  providerOf(kit, record);
  const writer = kit.providers.writer(record.provider);
  if (writer === null) return null;
  try {
    return await withConnectionAccess(kit.providers, kit.tokens, record, (access) =>
      call(writer.calendar, access),
    );
  } catch (error) {
    throw toApiError(error);
  }
}

async function calendarsOf(kit: Kit, record: ConnectionRecord): Promise<Calendar[]> {
  return (await withCalendar(kit, record, (calendar, access) => calendar.listCalendars(access))) ?? [];
}

/** A calendar the connection may sync into (the provider's own lookup, else its list), or null. */
async function findCalendar(
  kit: Kit,
  record: ConnectionRecord,
  calendarId: string,
): Promise<Calendar | null> {
  const found = await withCalendar(kit, record, async (calendar, access) =>
    calendar.findCalendar !== undefined
      ? calendar.findCalendar(access, calendarId)
      : ((await calendar.listCalendars(access)).find((candidate) => candidate.id === calendarId) ?? null),
  );
  return found ?? null;
}

const RECHECK_AFTER_MS = 5 * 60 * 1000;

/** Records what a provider failure says about a connection's health, with an audit entry. */
async function recordProviderHealth(kit: Kit, record: ConnectionRecord, error: ProviderError): Promise<void> {
  const verdict = healthVerdictFor(error);
  if (verdict === null || (record.status === verdict.status && record.health?.reason === verdict.reason))
    return;
  // What only the admin can fix has no retry time; the rest is retried when the provider said, else in 5 minutes.
  const retryAt =
    verdict.status === "needs_reauth"
      ? null
      : new Date(kit.now().getTime() + (error.retryAfterMs ?? RECHECK_AFTER_MS));
  await kit.storage.updateConnection(record.organizationId, record.id, {
    status: verdict.status,
    health: connectionHealth(verdict.reason, retryAt, error.healthMessage),
    audit: {
      actorId: null,
      action: "connection.health_changed",
      details: { status: verdict.status, reason: verdict.reason },
      notify: healthNotice(verdict.status, verdict.reason),
    },
  });
  if (verdict.status === "needs_reauth")
    await kit.storage.parkConnectionJobs(record.organizationId, record.id);
}

/** How many disconnected connections `?include=disconnected` lists, most recent first. */
const PREVIOUSLY_CONNECTED = 20;

/**
 * `GET /connections`: the live connections; with `includeDisconnected` also the most recently
 * disconnected ones (their history), after them.
 */
export async function listConnections(
  kit: Kit,
  actor: Actor,
  options: { readonly includeDisconnected?: boolean } = {},
): Promise<Connection[]> {
  requireAdmin(actor);
  const records = await kit.storage.listConnections(actor.organizationId, {
    includeDisconnected: options.includeDisconnected === true,
  });
  const live = records.filter((record) => record.status !== "disconnected");
  const gone = records
    .filter((record) => record.status === "disconnected")
    .sort((a, b) => (b.disconnectedAt?.getTime() ?? 0) - (a.disconnectedAt?.getTime() ?? 0))
    .slice(0, PREVIOUSLY_CONNECTED);
  return presentConnections(kit, actor.organizationId, [...live, ...gone]);
}

export async function getConnection(kit: Kit, actor: Actor, id: string): Promise<Connection> {
  return presentConnection(kit, await load(kit, actor, id));
}

/** `GET /connections/:id/calendars`: the calendars of the connected account, for the picker. */
export async function listCalendars(kit: Kit, actor: Actor, id: string): Promise<Calendar[]> {
  const record = await load(kit, actor, id);
  requireLive(record);
  return calendarsOf(kit, record);
}

/** `PATCH /connections/:id`: selects the calendar to sync into, checked against the provider's list. */
export async function selectCalendar(
  kit: Kit,
  actor: Actor,
  id: string,
  body: UpdateConnectionBody,
): Promise<Connection> {
  const record = await load(kit, actor, id);
  requireLive(record);
  if (kit.providers.writer(providerOf(kit, record).id) === null) {
    throw new ApiError("validation_failed", { detail: "This provider has no calendar to choose." });
  }
  const calendar = await findCalendar(kit, record, body.calendarId);
  if (calendar === null) throw new ApiError("calendar_not_found");
  if (!calendar.canWrite) throw new ApiError("calendar_not_writable");
  const repairsCalendar = record.health?.reason === "calendar_not_found";
  const updated = await kit.storage.updateConnection(actor.organizationId, id, {
    calendarId: calendar.id,
    calendarName: calendar.name,
    ...(repairsCalendar ? { status: "active", health: null } : {}),
    audit: {
      actorId: actor.userId,
      action: "connection.calendar_selected",
      details: { calendarId: calendar.id, previousCalendarId: record.calendarId },
      notify: { kind: "calendar_changed" },
    },
  });
  if (updated === null) throw new ApiError("connection_not_found");
  // Jobs parked while no calendar was chosen (or the chosen one vanished) can run now, and a newly
  // chosen calendar fills with the events that already exist.
  // The change has committed: from here on a failure is retried by the worker, never answered.
  await afterCommit(kit, updated, async () => {
    if (updated.status !== "needs_reauth") await kit.storage.resumeConnectionJobs(actor.organizationId, id);
    if (repairsCalendar) await kit.storage.requeueDeadLetters(actor.organizationId, id);
    if (body.existingEvents === "move" && record.calendarId !== calendar.id) {
      const eventIds = await kit.storage.markLinksToMove(actor.organizationId, id, {
        from: record.calendarId,
        to: calendar.id,
      });
      await kit.storage.enqueueJobs({ organizationId: actor.organizationId, connectionId: id, eventIds });
    }
    if (record.calendarId !== calendar.id) await kit.sync.backfillConnection(actor.organizationId, id);
  });
  return presentConnection(kit, updated);
}

/**
 * `POST /connections/:id/refresh`: renews the tokens now and checks that the account still reaches its
 * calendars. Answers the connection in whatever state that leaves it (a failure is recorded as health).
 */
export async function refreshConnection(kit: Kit, actor: Actor, id: string): Promise<Connection> {
  const record = await load(kit, actor, id);
  requireLive(record);
  if (kit.providers.writer(providerOf(kit, record).id) === null) return presentConnection(kit, record);
  // A check that failed answers the connection as the failure left it; an unexpected error is a 500.
  const failed = async (error: unknown, recorded: boolean): Promise<Connection> => {
    if (!isProviderError(error) && !(error instanceof ConnectionUnusableError)) throw error;
    kit.logger.warn("connection check failed", { connectionId: id, reason: describeError(error) });
    if (!recorded && isProviderError(error))
      await recordProviderHealth(kit, await load(kit, actor, id), error);
    return presentConnection(kit, await load(kit, actor, id));
  };
  // OAuth: renew the tokens now, whatever their expiry, so a revoked grant shows at once. The token
  // manager records a failed refresh as the connection's health itself.
  if (kit.providers.oauth(record.provider) !== null) {
    try {
      await kit.tokens.accessToken(record, { force: true });
    } catch (error) {
      return failed(error, true);
    }
  }
  const current = await load(kit, actor, id);
  let calendars: Calendar[];
  try {
    calendars = await withConnectionAccess(kit.providers, kit.tokens, current, async (access) => {
      const writer = kit.providers.writer(current.provider);
      return writer === null ? [] : writer.calendar.listCalendars(access);
    });
  } catch (error) {
    return failed(error, false);
  }
  const target =
    record.calendarId === null ? null : calendars.find((calendar) => calendar.id === record.calendarId);
  const healthy = record.calendarId === null || target !== undefined;
  const updated = await kit.storage.updateConnection(actor.organizationId, id, {
    status: healthy ? "active" : "error",
    health: healthy ? null : connectionHealth("calendar_not_found", null),
    audit: {
      actorId: actor.userId,
      action: "connection.refreshed",
      details: { healthy },
      // News only when the check changes the connection's state.
      ...(healthy === (record.status === "active")
        ? {}
        : { notify: healthNotice(healthy ? "active" : "error", healthy ? null : "calendar_not_found") }),
    },
  });
  if (healthy && record.status !== "active") {
    await kit.storage.resumeConnectionJobs(actor.organizationId, id);
    // Recovered: what the failure dead-lettered runs again.
    await kit.storage.requeueDeadLetters(actor.organizationId, id);
  }
  if (updated === null) throw new ApiError("connection_not_found");
  return presentConnection(kit, updated);
}

/** `GET /connections/:id/audit`: who did what to the connection, newest first. */
export async function listAudit(kit: Kit, actor: Actor, id: string): Promise<AuditEntry[]> {
  await load(kit, actor, id);
  return presentAudit(
    kit,
    actor.organizationId,
    await kit.storage.listAudit(actor.organizationId, { connectionId: id }),
  );
}

/**
 * `POST /connections/:id/dead-letters/requeue`: gives the events the sync gave up on another go (each
 * one job again, due now) and audits it. Answers how many dead letters were requeued.
 */
export async function requeueDeadLetters(kit: Kit, actor: Actor, id: string): Promise<{ requeued: number }> {
  const record = await load(kit, actor, id);
  requireLive(record);
  const requeued = await kit.storage.requeueDeadLetters(actor.organizationId, id);
  await kit.storage.appendAudit({
    organizationId: actor.organizationId,
    connectionId: id,
    actorId: actor.userId,
    action: "connection.dead_letters_requeued",
    details: { requeued },
  });
  return { requeued };
}

/** `GET /connections/:id/dead-letters`: events the sync gave up on, newest first. */
export async function listDeadLetters(kit: Kit, actor: Actor, id: string): Promise<DeadLetter[]> {
  await load(kit, actor, id);
  const jobs = await kit.storage.listDeadLetters(actor.organizationId, { connectionId: id });
  return jobs.map((job) => ({
    id: job.id,
    connectionId: job.connectionId,
    eventId: job.eventId,
    attempts: job.attempts,
    lastError: job.lastError,
    failedAt: job.updatedAt.toISOString(),
  }));
}
