import * as z from "zod/mini";
import { AUDIT_ACTIONS, CONNECTION_STATUSES, HEALTH_REASONS, PROVIDER_ID_PATTERN } from "./vocabulary.ts";

/** A provider id, as the server's registry names its providers. */
export const ProviderId = /* @__PURE__ */ z.string().check(z.regex(PROVIDER_ID_PATTERN));
export type ProviderId = z.infer<typeof ProviderId>;

/** The schema of a {@link CONNECTION_STATUSES} value. */
export const ConnectionStatus = z.enum(CONNECTION_STATUSES);
/** A connection's lifecycle state (see {@link CONNECTION_STATUSES}). */
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** The schema of a {@link HEALTH_REASONS} value. */
export const HealthReason = z.enum(HEALTH_REASONS);
/** Why a connection is not healthy (see {@link HEALTH_REASONS}). */
export type HealthReason = z.infer<typeof HealthReason>;

/** The schema of an {@link AUDIT_ACTIONS} value. */
export const AuditAction = z.enum(AUDIT_ACTIONS);
/** What an audit entry records (see {@link AUDIT_ACTIONS}). */
export type AuditAction = z.infer<typeof AuditAction>;
