import * as z from "zod/mini";
import { AuditAction } from "./enums.ts";
import { LIMITS } from "./limits.ts";
import { Scalar, Timestamp, text, upTo } from "./primitives.ts";

/** Who did what to a connection, and when. Never carries a secret. */
export const AuditEntry = z.object({
  id: text(LIMITS.id),
  organizationId: text(LIMITS.id),
  connectionId: z.nullable(text(LIMITS.id)),
  /** The user who acted, or null when the kit itself did (the sync worker, a refresh). */
  actorId: z.nullable(text(LIMITS.id)),
  /** The host's name for `actorId`, when the host resolves user names. */
  actorName: z.optional(z.nullable(upTo(LIMITS.name))),
  action: AuditAction,
  at: Timestamp,
  details: z.record(upTo(64), Scalar),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `GET /connections/:id/audit`, newest first. */
export const AuditList = z.object({
  entries: z.array(AuditEntry),
});
export type AuditList = z.infer<typeof AuditList>;
