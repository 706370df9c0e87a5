import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { type Credentials, openCredentials, sealCredentials } from "./cipher.ts";
import type { TokenKeyring } from "./keyring.ts";

/** Options of `reencryptAllTokens`. */
export interface ReencryptOptions {
  /** Rows per page (default 100). */
  readonly batchSize?: number;
  /** Full passes before giving up on rows that keep changing under it (default 5). */
  readonly maxPasses?: number;
}

/** What `reencryptAllTokens` did. */
export interface ReencryptResult {
  /** Rows re-sealed to the primary key in the current envelope format. */
  readonly reencrypted: number;
  /** Rows that could not be opened (for example their key is no longer configured), by id. */
  readonly failed: readonly {
    readonly connectionId: string;
    readonly organizationId: string;
    readonly reason: string;
  }[];
  /** Rows still to re-seal afterwards (0 unless some failed or kept changing). */
  readonly remaining: number;
}

/** Every page of `listConnectionsNotOnKey`, in id order. */
async function* rowsNotOnKey(
  storage: CalendarStorage,
  keyId: string,
  batchSize: number,
): AsyncGenerator<ConnectionRecord> {
  let afterId: string | undefined;
  for (;;) {
    const page = await storage.listConnectionsNotOnKey(keyId, {
      limit: batchSize,
      ...(afterId === undefined ? {} : { afterId }),
    });
    yield* page;
    afterId = page.at(-1)?.id;
    if (afterId === undefined || page.length < batchSize) return;
  }
}

/** How many connections key rotation would re-seal (for a dry run). */
export async function countConnectionsNotOnKey(
  storage: CalendarStorage,
  keyId: string,
  batchSize = 100,
): Promise<number> {
  let count = 0;
  for await (const _ of rowsNotOnKey(storage, keyId, batchSize)) count++;
  return count;
}

/**
 * Re-seals every connection's credentials with the keyring's primary key as a v2 envelope, across
 * all organizations: rows on an older key and rows still in migration 2's v1 wrapper. Each row is
 * rewritten with a compare-and-set on its token version, so a concurrent refresh wins and the row
 * is picked up again on the next pass. Safe to run while servers and workers run, and to run again.
 * Once `remaining` is 0 the old keys can be removed from `CALENDAR_TOKEN_KEYS`.
 */
export async function reencryptAllTokens(
  storage: CalendarStorage,
  keyring: TokenKeyring,
  options: ReencryptOptions = {},
): Promise<ReencryptResult> {
  const batchSize = options.batchSize ?? 100;
  const maxPasses = options.maxPasses ?? 5;
  const failed = new Map<string, { connectionId: string; organizationId: string; reason: string }>();
  let reencrypted = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    let missed = 0;
    for await (const record of rowsNotOnKey(storage, keyring.primaryKeyId, batchSize)) {
      if (failed.has(record.id)) continue;
      let credentials: Credentials | null;
      try {
        credentials = await openCredentials(keyring, record);
      } catch (error) {
        // Decryption errors name the reason and the key id, never a secret.
        const reason = error instanceof Error ? error.message : "decryption failed";
        failed.set(record.id, { connectionId: record.id, organizationId: record.organizationId, reason });
        continue;
      }
      if (credentials === null) continue;
      const owner = { organizationId: record.organizationId, connectionId: record.id };
      const updated = await storage.updateConnection(record.organizationId, record.id, {
        tokens: await sealCredentials(keyring, owner, credentials, record.tokenExpiresAt),
        expectedTokenVersion: record.tokenVersion,
      });
      if (updated) reencrypted++;
      else missed++;
    }
    if (missed === 0) break;
  }
  const remaining = await countConnectionsNotOnKey(storage, keyring.primaryKeyId, batchSize);
  return { reencrypted, failed: [...failed.values()], remaining };
}
