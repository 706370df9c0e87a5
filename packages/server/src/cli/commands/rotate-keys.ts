import { countConnectionsNotOnKey, reencryptAllTokens } from "../../crypto/rotate.ts";
import { intFlag, parseCommandArgs } from "../args.ts";
import { COMMON_HELP, type Command } from "../command.ts";
import { loadKeyring, withEnvironment } from "../environment.ts";
import { EXIT } from "../errors.ts";

const HELP = `Usage: calendar-connections rotate-keys [--dry-run] [--batch-size <n>] [options]

Re-encrypts every connection's credentials to the primary (first) key of CALENDAR_TOKEN_KEYS, across
all organizations, and converts rows still in the format before migration 2 to the current one.
Safe while servers and workers run (a concurrent refresh wins; its row is picked up again) and safe
to run again. Once it reports 0 remaining, older keys can be removed.

  --dry-run               count the connections to re-encrypt; change nothing
  --batch-size <n>        rows per page (default 100)

Exits 1 when a row cannot be decrypted with any configured key, or rows remain to re-encrypt.

Keys: CALENDAR_TOKEN_KEYS="k2:<new base64 key>,k1:<old base64 key>" (first encrypts, all decrypt),
or the config module's \`keyring\`.

${COMMON_HELP}`;

/** `calendar-connections rotate-keys`: re-seals every connection's credentials with the primary key. */
export const rotateKeysCommand: Command = {
  name: "rotate-keys",
  summary: "re-encrypt every connection's credentials to the primary key",
  help: HELP,
  async run(args, io) {
    const flags = parseCommandArgs("rotate-keys", args, {
      "dry-run": { type: "boolean" },
      "batch-size": { type: "string" },
    });
    const batchSize = intFlag("rotate-keys", "batch-size", flags["batch-size"], 100);
    return withEnvironment("rotate-keys", flags, io, async ({ config, storage, where }) => {
      const keyring = await loadKeyring(config, io);
      const primary = keyring.primaryKeyId;
      if (flags["dry-run"]) {
        const count = await countConnectionsNotOnKey(storage, primary, batchSize);
        io.out(`${where}: ${count} connection(s) not on key ${primary} (dry run: nothing written)`);
        return EXIT.ok;
      }
      const result = await reencryptAllTokens(storage, keyring, { batchSize });
      io.out(`${where}: re-encrypted ${result.reencrypted} connection(s) to key ${primary}`);
      for (const failure of result.failed) {
        io.err(
          `cannot re-encrypt connection ${failure.connectionId} (organization ${failure.organizationId}): ${failure.reason}`,
        );
      }
      io.out(`failed ${result.failed.length}, remaining ${result.remaining}`);
      return result.failed.length === 0 && result.remaining === 0 ? EXIT.ok : EXIT.failed;
    });
  },
};
