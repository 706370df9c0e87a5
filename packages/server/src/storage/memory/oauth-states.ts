import type { OAuthStateMethods } from "../aggregates.ts";
import { StorageConflictError } from "../errors.ts";
import type { MemoryState } from "./state.ts";

/** The pending OAuth authorizations of the memory storage. */
export function memoryOAuthStates(state: MemoryState): OAuthStateMethods {
  const { states, now } = state;
  return {
    async createOAuthState(input) {
      if (states.has(input.idHash)) throw new StorageConflictError("This OAuth state exists.");
      states.set(input.idHash, { ...input, createdAt: now() });
    },

    async consumeOAuthState(idHash) {
      const found = states.get(idHash);
      if (!found) return null;
      states.delete(idHash);
      return found.expiresAt > now() ? found : null;
    },

    async deleteExpiredOAuthStates() {
      const at = now();
      let count = 0;
      for (const [key, found] of states) {
        if (found.expiresAt <= at) {
          states.delete(key);
          count++;
        }
      }
      return count;
    },
  };
}
