import type {
  AuditEntry,
  Calendar,
  Connection,
  CreateConnectionBody,
  CreateConnectionResponse,
  DeadLetter,
  UpdateConnectionBody,
} from "@org/calendar-connections-core";
import { connectionHealth } from "../connection-health.ts";
import { ApiError } from "../http/api-error.ts";
import { isProviderError } from "../providers/errors.ts";
import type { CalendarProvider } from "../providers/types.ts";
import { StorageConflictError } from "../storage/errors.ts";
import { newId } from "../storage/ids.ts";
import { toConnection } from "../storage/mapper.ts";
import type { ConnectionRecord } from "../storage/types.ts";
import { ConnectionUnusableError } from "../tokens/token-manager.ts";
import { hashSecret, randomToken } from "./encoding.ts";
import type { Kit } from "./kit.ts";
import type { Actor } from "./options.ts";
import { isConfigured, isEnabled } from "./providers-op.ts";
import { requireAdmin } from "./session.ts";

/** The connection in the actor's organization; another organization's id answers 404 like a missing one. */
async function load(kit: Kit, actor: Actor, id: string): Promise<ConnectionRecord> {
  requireAdmin(actor);
  const record = await kit.storage.getConnection(actor.organizationId, id);
  if (record === null) throw new ApiError("connection_not_found");
  return record;
}

function requireLive(record: ConnectionRecord): void {
  if (record.status === "disconnected") throw new ApiError("connection_disconnected");
}

/** The provider module of an OAuth connection, or 409 when the server lost its credentials. */
function oauthProviderOf(kit: Kit, record: ConnectionRecord): CalendarProvider {
  const provider = kit.oauthProvider(record.provider);
  if (provider === null) throw new ApiError("provider_not_configured");
  return provider;
}

/** Maps a provider failure met while serving an admin's request to the problem it answers. */
function toApiError(error: unknown): unknown {
  if (error instanceof ConnectionUnusableError) {
    return new ApiError(error.reason === "not_configured" ? "provider_not_configured" : "token_revoked");
  }
  if (!isProviderError(error)) return error;
  switch (error.kind) {
    case "invalid_grant":
    case "unauthorized":
      return new ApiError("token_revoked", { cause: error });
    case "insufficient_scope":
      return new ApiError("scope_missing", { cause: error });
    case "rate_limited":
      return new ApiError("rate_limited", { cause: error });
    default:
      return new ApiError("provider_unavailable", { cause: error });
  }
}

/** Calls the provider with a fresh access token; a 401 refreshes once and retries. */
async function withAccessToken<T>(
  kit: Kit,
  record: ConnectionRecord,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  try {
    try {
      return await call(await kit.tokens.accessToken(record));
    } catch (error) {
      if (!isProviderError(error, "unauthorized")) throw error;
      return await call(await kit.tokens.accessToken(record, { force: true }));
    }
  } catch (error) {
    throw toApiError(error);
  }
}

/** The service account and the account it writes as (the impersonated user, or itself). */
function serviceAccountOf(kit: Kit) {
  const account = kit.options.serviceAccount;
  if (account === undefined) throw new ApiError("provider_not_configured");
  return { account, email: account.subject ?? account.clientEmail };
}

/** A calendar the service account can see, or null (a typo, or not shared with it). */
async function serviceAccountCalendar(kit: Kit, calendarId: string): Promise<Calendar | null> {
  const { account } = serviceAccountOf(kit);
  try {
    const { accessToken } = await account.getAccessToken();
    const calendars = await account.listCalendars(accessToken);
    return calendars.find((calendar) => calendar.id === calendarId) ?? null;
  } catch (error) {
    throw toApiError(error);
  }
}

async function calendarsOf(kit: Kit, record: ConnectionRecord): Promise<Calendar[]> {
  if (record.provider === "ics") return [];
  if (record.provider === "google-service-account") {
    if (record.calendarId === null) return [];
    const calendar = await serviceAccountCalendar(kit, record.calendarId);
    return calendar === null ? [] : [calendar];
  }
  const provider = oauthProviderOf(kit, record);
  return withAccessToken(kit, record, (token) => provider.listCalendars(token));
}

export async function listConnections(kit: Kit, actor: Actor): Promise<Connection[]> {
  requireAdmin(actor);
  return (await kit.storage.listConnections(actor.organizationId)).map(toConnection);
}

export async function getConnection(kit: Kit, actor: Actor, id: string): Promise<Connection> {
  return toConnection(await load(kit, actor, id));
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
  if (record.provider === "ics") {
    throw new ApiError("validation_failed", { detail: "An ICS feed has no calendar to choose." });
  }
  let calendar: Calendar | undefined;
  if (record.provider === "google-service-account") {
    calendar = (await serviceAccountCalendar(kit, body.calendarId)) ?? undefined;
  } else {
    calendar = (await calendarsOf(kit, record)).find((candidate) => candidate.id === body.calendarId);
  }
  if (calendar === undefined) throw new ApiError("calendar_not_found");
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
    },
  });
  if (updated === null) throw new ApiError("connection_not_found");
  // Jobs parked while no calendar was chosen (or the chosen one vanished) can run now, and a newly
  // chosen calendar fills with the events that already exist.
  if (updated.status !== "needs_reauth") await kit.storage.resumeConnectionJobs(actor.organizationId, id);
  if (record.calendarId !== calendar.id) await kit.sync.backfillConnection(actor.organizationId, id);
  return toConnection(updated);
}

/**
 * `POST /connections/:id/refresh`: renews the tokens now and checks that the account still reaches its
 * calendars. Answers the connection in whatever state that leaves it (a failure is recorded as health).
 */
export async function refreshConnection(kit: Kit, actor: Actor, id: string): Promise<Connection> {
  const record = await load(kit, actor, id);
  requireLive(record);
  if (record.provider !== "google" && record.provider !== "microsoft") return toConnection(record);
  const provider = oauthProviderOf(kit, record);
  try {
    const token = await kit.tokens.accessToken(record, { force: true });
    const calendars = await provider.listCalendars(token);
    const target =
      record.calendarId === null ? null : calendars.find((calendar) => calendar.id === record.calendarId);
    const healthy = record.calendarId === null || target !== undefined;
    const updated = await kit.storage.updateConnection(actor.organizationId, id, {
      status: healthy ? "active" : "error",
      health: healthy ? null : connectionHealth("calendar_not_found", null),
      audit: { actorId: actor.userId, action: "connection.refreshed", details: { healthy } },
    });
    if (healthy && record.status !== "active")
      await kit.storage.resumeConnectionJobs(actor.organizationId, id);
    if (updated === null) throw new ApiError("connection_not_found");
    return toConnection(updated);
  } catch (error) {
    // The token manager has recorded what went wrong as the connection's health.
    if (!isProviderError(error) && !(error instanceof ConnectionUnusableError)) throw error;
    kit.logger.warn("connection check failed", { connectionId: id, reason: error.message });
    return toConnection(await load(kit, actor, id));
  }
}

/**
 * `DELETE /connections/:id`: revokes the grant at the provider (best effort: a provider outage does not
 * keep an admin from disconnecting), erases the tokens, marks the connection disconnected and audits it.
 */
export async function disconnect(kit: Kit, actor: Actor, id: string): Promise<Connection> {
  const record = await load(kit, actor, id);
  requireLive(record);
  let revocation = "not_applicable";
  const provider = kit.oauthProvider(record.provider);
  if (provider !== null) {
    try {
      // Revoking the refresh token ends the whole grant at Google; Microsoft has no revocation endpoint.
      const token = (await kit.tokens.refreshTokenOf(record)) ?? (await kit.tokens.accessToken(record));
      revocation = await provider.revoke(token);
    } catch (error) {
      revocation = "failed";
      kit.logger.warn("revocation at the provider failed", {
        connectionId: id,
        provider: record.provider,
        reason: error instanceof Error ? error.message : "unknown",
      });
    }
  }
  const updated = await kit.storage.disconnectConnection(actor.organizationId, id, {
    actorId: actor.userId,
    action: "connection.disconnected",
    details: { revocation },
  });
  if (updated === null) throw new ApiError("connection_not_found");
  return toConnection(updated);
}

async function createFeed(kit: Kit, actor: Actor): Promise<CreateConnectionResponse> {
  const token = randomToken(kit.randomBytes, 32);
  const connection = await kit.storage.createConnection({
    id: newId(kit.now().getTime()),
    organizationId: actor.organizationId,
    userId: actor.userId,
    provider: "ics",
    calendarName: "Calendar feed",
    feedTokenHash: hashSecret(token),
    createdBy: actor.userId,
    audit: { actorId: actor.userId, action: "connection.connected", details: { provider: "ics" } },
  });
  return { connection: toConnection(connection), feedUrl: kit.url(`/feeds/${token}.ics`) };
}

/** `POST /connections/:id/feed`: replaces an ICS feed's secret; the old URL stops working at once. */
export async function rotateFeed(kit: Kit, actor: Actor, id: string): Promise<CreateConnectionResponse> {
  const record = await load(kit, actor, id);
  requireLive(record);
  if (record.provider !== "ics")
    throw new ApiError("not_found", { detail: "Only ICS feeds have a feed URL." });
  const token = randomToken(kit.randomBytes, 32);
  const updated = await kit.storage.updateConnection(actor.organizationId, id, {
    feedTokenHash: hashSecret(token),
    audit: { actorId: actor.userId, action: "feed.rotated" },
  });
  if (updated === null) throw new ApiError("connection_not_found");
  return { connection: toConnection(updated), feedUrl: kit.url(`/feeds/${token}.ics`) };
}

async function createServiceAccountConnection(
  kit: Kit,
  actor: Actor,
  calendarId: string,
): Promise<Connection> {
  if (!(await isEnabled(kit, "google-service-account", actor.organizationId))) {
    throw new ApiError("provider_not_enabled");
  }
  const { email } = serviceAccountOf(kit);
  const calendar = await serviceAccountCalendar(kit, calendarId);
  if (calendar === null) {
    throw new ApiError("calendar_not_found", {
      detail: `Share the calendar with ${email} (make changes to events), then try again.`,
    });
  }
  if (!calendar.canWrite) throw new ApiError("calendar_not_writable");
  const connection = await kit.storage.createConnection({
    id: newId(kit.now().getTime()),
    organizationId: actor.organizationId,
    userId: actor.userId,
    provider: "google-service-account",
    accountEmail: email,
    calendarId: calendar.id,
    calendarName: calendar.name,
    createdBy: actor.userId,
    audit: {
      actorId: actor.userId,
      action: "connection.connected",
      details: { provider: "google-service-account", calendarId: calendar.id },
    },
  });
  await kit.sync.backfillConnection(actor.organizationId, connection.id);
  return toConnection(connection);
}

/** `POST /connections`: the kinds that do not use OAuth (an ICS feed, the legacy service account). */
export async function createConnection(
  kit: Kit,
  actor: Actor,
  body: CreateConnectionBody,
): Promise<CreateConnectionResponse> {
  requireAdmin(actor);
  if (!isConfigured(kit, body.provider)) throw new ApiError("provider_not_configured");
  try {
    if (body.provider === "ics") return await createFeed(kit, actor);
    return { connection: await createServiceAccountConnection(kit, actor, body.calendarId) };
  } catch (error) {
    if (error instanceof StorageConflictError) throw new ApiError("connection_exists", { cause: error });
    throw error;
  }
}

/** `GET /connections/:id/audit`: who did what to the connection, newest first. */
export async function listAudit(kit: Kit, actor: Actor, id: string): Promise<AuditEntry[]> {
  await load(kit, actor, id);
  return kit.storage.listAudit(actor.organizationId, { connectionId: id });
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
