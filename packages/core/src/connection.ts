import * as z from "zod/mini";
import { ConnectionStatus, HealthReason, ProviderId } from "./enums.ts";
import { LIMITS } from "./limits.ts";
import { listOf, Timestamp, text, upTo } from "./primitives.ts";

/** Why a connection is unhealthy, in words an admin understands, and when the kit tries again. */
export const Health = z.object({
  reason: HealthReason,
  message: upTo(LIMITS.message),
  retryAt: z.nullable(Timestamp),
  /** `message` is the provider's own explanation (e.g. which password it wants), not the kit's sentence. */
  fromProvider: z.optional(z.boolean()),
});
export type Health = z.infer<typeof Health>;

/** A connection as the API shows it. Tokens never appear here. */
export const Connection = z.object({
  id: text(LIMITS.id),
  organizationId: text(LIMITS.id),
  provider: ProviderId,
  status: ConnectionStatus,
  health: z.nullable(Health),
  accountEmail: z.nullable(upTo(LIMITS.email)),
  calendarId: z.nullable(text(LIMITS.calendarId)),
  calendarName: z.nullable(upTo(LIMITS.name)),
  scopes: listOf(text(LIMITS.scope), LIMITS.scopes),
  lastSyncedAt: z.nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  createdBy: z.nullable(text(LIMITS.id)),
  /** The host's name for `createdBy`, when the host resolves user names. */
  createdByName: z.optional(z.nullable(upTo(LIMITS.name))),
  /** When it was disconnected (listed only with `?include=disconnected`). */
  disconnectedAt: z.optional(z.nullable(Timestamp)),
  /**
   * Set while the events it wrote are being removed before it disconnects (`DELETE
   * /connections/:id?removeEvents=true`): it takes no new events, and disconnects when done.
   */
  disconnectRequestedAt: z.optional(z.nullable(Timestamp)),
});
export type Connection = z.infer<typeof Connection>;

/**
 * `GET /connections`: the live connections in page order; with `?include=disconnected` also the
 * organization's 20 most recently disconnected ones, after them.
 */
export const ConnectionList = z.object({
  connections: z.array(Connection),
});
export type ConnectionList = z.infer<typeof ConnectionList>;
