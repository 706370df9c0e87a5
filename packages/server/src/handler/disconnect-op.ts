import type { Connection } from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import type { ConnectionRecord } from "../storage/types.ts";
import { DISCONNECT_EVENT_ID } from "../sync/internal-jobs.ts";
import { load, requireLive } from "./connections-op.ts";
import type { Kit } from "./kit.ts";
import type { Actor } from "./options.ts";
import { type RevocationOutcome, revokeUnlessShared } from "./revocation.ts";
import { presentConnection } from "./user-names.ts";

/** What `DELETE /connections/:id` is asked to do with the events the connection wrote. */
export interface DisconnectOptions {
  /** Remove them from the calendar first (through the sync queue), then disconnect. Default false. */
  readonly removeEvents?: boolean;
}

/**
 * Revokes the grant (best effort: a provider outage does not keep an admin from disconnecting) unless
 * another live connection, in any organization, uses the same account; erases the credentials, marks
 * the connection disconnected and audits what became of the grant (with `details`).
 */
async function revokeAndDisconnect(
  kit: Kit,
  record: ConnectionRecord,
  actorId: string | null,
  details: Readonly<Record<string, number>> = {},
): Promise<ConnectionRecord | null> {
  const connect = kit.providers.oauth(record.provider);
  const outcome: RevocationOutcome | { readonly revocation: "not_applicable" } =
    connect === null
      ? { revocation: "not_applicable" }
      : await revokeUnlessShared(kit, {
          provider: record.provider,
          connect,
          accountId: record.externalAccountId,
          exceptConnectionId: record.id,
          // Revoking the refresh token ends the whole grant where the provider revokes grants at all.
          token: async () =>
            (await kit.tokens.refreshTokenOf(record)) ?? (await kit.tokens.accessToken(record)),
          context: { connectionId: record.id },
        });
  return kit.storage.disconnectConnection(record.organizationId, record.id, {
    actorId,
    action: "connection.disconnected",
    details: { ...outcome, ...details },
    notify: { kind: "disconnected" },
  });
}

/**
 * `DELETE /connections/:id`: disconnects now, or with `removeEvents` first removes the events the
 * connection wrote. Then the connection stays live but takes no new events, the worker deletes each
 * event from its calendar (progress shows in its activity), and a last job disconnects and revokes
 * once no removal is under way. Asking again while that runs changes nothing.
 */
export async function disconnect(
  kit: Kit,
  actor: Actor,
  id: string,
  options: DisconnectOptions = {},
): Promise<Connection> {
  const record = await load(kit, actor, id);
  requireLive(record);
  const removes = options.removeEvents === true && kit.providers.writer(record.provider) !== null;
  // Without a working grant nothing can be removed (the jobs would only park): disconnect now and
  // say how many events stay in the calendar.
  if (removes && record.status === "needs_reauth") {
    const { synced } = await kit.storage.syncActivity(actor.organizationId, id);
    const updated = await revokeAndDisconnect(kit, record, actor.userId, { eventsLeft: synced });
    if (updated === null) throw new ApiError("connection_not_found");
    return presentConnection(kit, updated);
  }
  if (!removes) {
    const updated = await revokeAndDisconnect(kit, record, actor.userId);
    if (updated === null) throw new ApiError("connection_not_found");
    return presentConnection(kit, updated);
  }
  if (record.disconnectRequestedAt !== null) return presentConnection(kit, record);
  const eventIds = await kit.storage.listLinkedEventIds(actor.organizationId, id);
  const updated = await kit.storage.updateConnection(actor.organizationId, id, {
    disconnectRequested: { at: kit.now(), by: actor.userId },
    audit: {
      actorId: actor.userId,
      action: "connection.disconnect_requested",
      details: { removeEvents: eventIds.length },
    },
  });
  if (updated === null) throw new ApiError("connection_not_found");
  // The finishing job first, so even a failure after this point leaves the disconnect to the worker.
  await kit.storage.enqueueJob({
    organizationId: actor.organizationId,
    connectionId: id,
    eventId: DISCONNECT_EVENT_ID,
  });
  await kit.storage.enqueueJobs({ organizationId: actor.organizationId, connectionId: id, eventIds });
  return presentConnection(kit, updated);
}

/** The worker's last step of a disconnect with removal: see `EngineDeps.finishDisconnect`. */
export async function finishDisconnect(
  kit: Kit,
  record: ConnectionRecord,
  eventsLeft: number,
): Promise<void> {
  await revokeAndDisconnect(kit, record, record.disconnectRequestedBy, { eventsLeft });
}
