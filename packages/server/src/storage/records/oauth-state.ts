import type { ProviderId } from "@org/calendar-connections-core";

/** A pending OAuth authorization, kept server-side so the cookie carries only a random state id. */
export interface OAuthStateRecord {
  /** SHA-256 of the state value; the state itself is never stored. */
  readonly idHash: string;
  readonly organizationId: string;
  readonly userId: string;
  /** Binds the state to the browser session that started it (for example a hash of the session id). */
  readonly sessionBinding: string | null;
  readonly provider: ProviderId;
  /** The PKCE verifier (callers may store it encrypted). */
  readonly codeVerifier: string;
  readonly returnTo: string | null;
  /** Set when reconnecting an existing connection. */
  readonly connectionId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A pending authorization to store; storage sets `createdAt`. */
export type OAuthStateInput = Omit<OAuthStateRecord, "createdAt">;
