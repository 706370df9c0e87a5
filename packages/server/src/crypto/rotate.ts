import type { CalendarStorage } from "../storage/types.ts";
import { decryptTokens, encryptTokens } from "./cipher.ts";
import type { TokenKeyring } from "./keyring.ts";

export interface ReencryptOptions {
  /** Rows per page (default 100). */
  readonly batchSize?: number;
  /** Full passes before giving up on rows that keep changing under it (default 5). */
  readonly maxPasses?: number;
}

export interface ReencryptResult {
  /** Rows re-encrypted to the primary key. */
  readonly reencrypted: number;
  /** Rows that could not be opened (for example their key is no longer configured), by id. */
  readonly failed: readonly {
    readonly connectionId: string;
    readonly organizationId: string;
    readonly reason: string;
  }[];
  /** Rows still not on the primary key afterwards (0 unless some failed or kept changing). */
  readonly remaining: number;
}

/**
 * Re-encrypts every connection's tokens to the keyring's primary key, across all organizations.
 * Each row is rewritten with a compare-and-set on its token version, so a concurrent refresh wins
 * and the row is picked up again on the next pass. Safe to run while servers and workers run, and
 * to run again. Afterwards the old keys can be removed from `CALENDAR_TOKEN_KEYS` once `remaining`
 * is 0.
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
    let afterId: string | undefined;
    let missed = 0;
    for (;;) {
      const page = await storage.listConnectionsNotOnKey(keyring.primaryKeyId, {
        limit: batchSize,
        ...(afterId === undefined ? {} : { afterId }),
      });
      for (const record of page) {
        if (failed.has(record.id)) continue;
        let tokens: Awaited<ReturnType<typeof decryptTokens>>;
        try {
          tokens = await decryptTokens(keyring, record);
        } catch (error) {
          const reason = error instanceof Error ? error.message : "decryption failed";
          failed.set(record.id, { connectionId: record.id, organizationId: record.organizationId, reason });
          continue;
        }
        const updated = await storage.updateConnection(record.organizationId, record.id, {
          tokens: await encryptTokens(
            keyring,
            { organizationId: record.organizationId, connectionId: record.id },
            tokens,
          ),
          expectedTokenVersion: record.tokenVersion,
        });
        if (updated) reencrypted++;
        else missed++;
      }
      const last = page.at(-1);
      if (!last || page.length < batchSize) break;
      afterId = last.id;
    }
    if (missed === 0) break;
  }
  let remaining = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await storage.listConnectionsNotOnKey(keyring.primaryKeyId, {
      limit: batchSize,
      ...(afterId === undefined ? {} : { afterId }),
    });
    remaining += page.length;
    const last = page.at(-1);
    if (!last || page.length < batchSize) break;
    afterId = last.id;
  }
  return { reencrypted, failed: [...failed.values()], remaining };
}
