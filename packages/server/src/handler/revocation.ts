import type { OAuthConnect } from "../providers/define.ts";
import type { RevokeResult } from "../providers/types.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";

/** Why a grant the kit no longer needs was left alive, as audit details and log lines say it. */
export const KEPT_REASONS = {
  /** Another live connection (any organization) uses the account, and with it the same grant. */
  shared: "shared with another connection",
  /** Whose tokens these are could not be told, so they might be another connection's grant. */
  unknownAccount: "account unknown",
} as const;

/** What became of the grant: the provider's answer, `kept` (with why), or `failed` (best effort). */
export type RevocationOutcome =
  | { readonly revocation: RevokeResult | "failed" }
  | { readonly revocation: "kept"; readonly reason: (typeof KEPT_REASONS)[keyof typeof KEPT_REASONS] };

/** What `revokeUnlessShared` needs to know about the grant. */
export interface GrantToRevoke {
  readonly provider: string;
  readonly connect: OAuthConnect;
  /** The provider's account id; null when unknown, which keeps the grant. */
  readonly accountId: string | null;
  /** The connection the tokens belong to (being disconnected), which does not count as another user. */
  readonly exceptConnectionId?: string;
  /** The token to revoke with; read only when the kit does revoke (it may need decrypting or refreshing). */
  readonly token: () => Promise<string>;
  /** Fields for the warning when revoking fails (never a token). */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * Revokes the grant behind a token unless another live (not disconnected) connection, in any
 * organization, uses the same provider account. A provider's grant belongs to the account, not to
 * one connection: Google keeps one per (account, OAuth client), and revoking any token of it ends
 * every connection that account has with this product. Best effort: a failure is logged and answered
 * as `failed`, never thrown.
 */
export async function revokeUnlessShared(kit: Kit, grant: GrantToRevoke): Promise<RevocationOutcome> {
  if (grant.accountId === null) return { revocation: "kept", reason: KEPT_REASONS.unknownAccount };
  try {
    const shared = await kit.storage.isAccountInUse(
      grant.provider,
      grant.accountId,
      grant.exceptConnectionId === undefined ? {} : { exceptConnectionId: grant.exceptConnectionId },
    );
    if (shared) return { revocation: "kept", reason: KEPT_REASONS.shared };
    return { revocation: await grant.connect.revoke(await grant.token()) };
  } catch (error) {
    kit.logger.warn("revocation at the provider failed", {
      ...grant.context,
      provider: grant.provider,
      reason: describeError(error),
    });
    return { revocation: "failed" };
  }
}
