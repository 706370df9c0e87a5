import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a secret came from: the environment (the operator's own; never printed), `DATA_DIR/secrets.json`
 * (generated on an earlier start; not printed again) or generated on this start (may be shown once).
 */
export type SecretSource = "environment" | "stored" | "generated";

/** Secrets the demo needs; generated into `DATA_DIR/secrets.json` when the environment has none. */
export interface DemoSecrets {
  /** `CALENDAR_TOKEN_KEYS` format: `k1:<base64 32 bytes>[,…]`. */
  readonly tokenKeys: string;
  readonly cronSecret: string;
  /** Signs the demo's session cookie. */
  readonly sessionSecret: string;
  /** Where the operator-facing secrets came from on this start (to decide what may be warned about or shown). */
  readonly sources: Readonly<Record<"tokenKeys" | "cronSecret", SecretSource>>;
}

type Stored = Partial<Record<"tokenKeys" | "cronSecret" | "sessionSecret", string>>;

/** The file in `dataDir` that keeps generated secrets (mode 0600). */
export function secretsFile(dataDir: string): string {
  return join(dataDir, "secrets.json");
}

function readStored(file: string): Stored {
  if (!existsSync(file)) return {};
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null) return {};
  const stored: Stored = {};
  for (const key of ["tokenKeys", "cronSecret", "sessionSecret"] as const) {
    const value: unknown = Reflect.get(parsed, key);
    if (typeof value === "string" && value !== "") stored[key] = value;
  }
  return stored;
}

function pick(
  fromEnv: string | undefined,
  stored: string | undefined,
  generate: () => string,
): [string, SecretSource] {
  const value = fromEnv?.trim();
  if (value) return [value, "environment"];
  if (stored) return [stored, "stored"];
  return [generate(), "generated"];
}

/** Reads the secrets from the environment, else from DATA_DIR, else generates and keeps them there. */
export function loadSecrets(env: Readonly<Record<string, string | undefined>>, dataDir: string): DemoSecrets {
  mkdirSync(dataDir, { recursive: true });
  const file = secretsFile(dataDir);
  const stored = readStored(file);
  const [tokenKeys, tokenKeysSource] = pick(
    env.CALENDAR_TOKEN_KEYS,
    stored.tokenKeys,
    () => `k1:${randomBytes(32).toString("base64")}`,
  );
  const [cronSecret, cronSecretSource] = pick(env.CRON_SECRET, stored.cronSecret, () =>
    randomBytes(24).toString("base64url"),
  );
  const sessionSecret = stored.sessionSecret ?? randomBytes(32).toString("base64url");
  // Only generated values are written: a secret from the environment never lands on disk.
  const next: Stored = {
    ...stored,
    sessionSecret,
    ...(tokenKeysSource === "generated" ? { tokenKeys } : {}),
    ...(cronSecretSource === "generated" ? { cronSecret } : {}),
  };
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  return {
    tokenKeys,
    cronSecret,
    sessionSecret,
    sources: { tokenKeys: tokenKeysSource, cronSecret: cronSecretSource },
  };
}
