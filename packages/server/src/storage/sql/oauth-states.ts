import type { OAuthStateMethods } from "../aggregates.ts";
import type { SqlContext } from "./executor.ts";
import { first, readOAuthState } from "./rows.ts";

/** The pending OAuth authorizations of `CalendarStorage` on SQL. */
export function sqlOAuthStates(ctx: SqlContext): OAuthStateMethods {
  const { db, now } = ctx;
  return {
    async createOAuthState(input) {
      await db.execute(
        `INSERT INTO calendar_oauth_state (id_hash, organization_id, user_id, session_binding, provider, code_verifier,
           return_to, connection_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          input.idHash,
          input.organizationId,
          input.userId,
          input.sessionBinding,
          input.provider,
          input.codeVerifier,
          input.returnTo,
          input.connectionId,
          now(),
          input.expiresAt,
        ],
      );
    },

    async consumeOAuthState(idHash) {
      // DELETE … RETURNING is the single use: of concurrent consumers only one gets the row.
      const state = first(
        await db.query("DELETE FROM calendar_oauth_state WHERE id_hash = ? RETURNING *", [idHash]),
        readOAuthState,
      );
      return state && state.expiresAt > now() ? state : null;
    },

    deleteExpiredOAuthStates() {
      return db.execute("DELETE FROM calendar_oauth_state WHERE expires_at <= ?", [now()]);
    },
  };
}
