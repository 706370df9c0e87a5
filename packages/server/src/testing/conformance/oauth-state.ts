import { expect } from "vitest";
import { StorageConflictError } from "../../storage/errors.ts";
import type { Suite } from "./suite.ts";

/** Pending OAuth authorizations: single use across processes, and expiry. */
export function oauthStateCases(suite: Suite): void {
  suite.test(
    "OAuth state is single use, even for concurrent consumers, and expires",
    async ({ harness, storage, clock }) => {
      const peer = await harness.openPeer();
      const input = {
        organizationId: "org-a",
        userId: "user-1",
        sessionBinding: "session-hash",
        provider: "google" as const,
        codeVerifier: "verifier",
        returnTo: "/settings",
        connectionId: null,
        expiresAt: new Date(clock.now().getTime() + 600_000),
      };
      await storage.createOAuthState({ ...input, idHash: "state-1" });
      await expect(storage.createOAuthState({ ...input, idHash: "state-1" })).rejects.toBeInstanceOf(
        StorageConflictError,
      );
      const consumers = await Promise.all([
        storage.consumeOAuthState("state-1"),
        peer.consumeOAuthState("state-1"),
        storage.consumeOAuthState("state-1"),
      ]);
      const winners = consumers.filter((c) => c !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ ...input, idHash: "state-1" });
      expect(await storage.consumeOAuthState("state-1")).toBeNull();

      await storage.createOAuthState({
        ...input,
        idHash: "state-2",
        expiresAt: new Date(clock.now().getTime() + 1000),
      });
      await storage.createOAuthState({
        ...input,
        idHash: "state-3",
        expiresAt: new Date(clock.now().getTime() + 1000),
      });
      clock.advance(1000);
      expect(await storage.consumeOAuthState("state-2")).toBeNull();
      expect(await storage.deleteExpiredOAuthStates()).toBe(1);
      expect(await storage.consumeOAuthState("state-3")).toBeNull();
    },
  );
}
