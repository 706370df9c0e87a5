import type { ConnectionAccess } from "./providers/define.ts";
import { isProviderError } from "./providers/errors.ts";
import type { ProviderRegistry } from "./providers/registry.ts";
import type { ConnectionRecord } from "./storage/types.ts";
import type { TokenManager } from "./tokens/token-manager.ts";

/**
 * Runs a provider's calendar operation for one connection with what its connect kind needs: OAuth
 * connections get a fresh access token (after a 401, one forced refresh and a second try); form
 * connections get their decrypted secret fields; the rest get neither.
 */
export async function withConnectionAccess<T>(
  providers: ProviderRegistry,
  tokens: TokenManager,
  record: ConnectionRecord,
  call: (access: ConnectionAccess) => Promise<T>,
): Promise<T> {
  const base = {
    connectionId: record.id,
    organizationId: record.organizationId,
    accountId: record.externalAccountId,
    accountEmail: record.accountEmail,
    calendarId: record.calendarId,
  };
  if (providers.oauth(record.provider) !== null) {
    const run = async (force: boolean): Promise<T> =>
      call({ ...base, accessToken: await tokens.accessToken(record, { force }), secrets: {} });
    try {
      return await run(false);
    } catch (error) {
      if (!isProviderError(error, "unauthorized")) throw error;
      return run(true);
    }
  }
  const secrets = providers.form(record.provider) === null ? null : await tokens.openSecret(record);
  return call({ ...base, accessToken: null, secrets: secrets ?? {} });
}
