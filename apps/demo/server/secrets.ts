import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Secrets the demo needs; generated into `DATA_DIR/secrets.json` when the environment has none. */
export interface DemoSecrets {
  /** `CALENDAR_TOKEN_KEYS` format: `k1:<base64 32 bytes>[,…]`. */
  readonly tokenKeys: string;
  readonly cronSecret: string;
  /** Signs the demo's session cookie. */
  readonly sessionSecret: string;
  /** What was generated on this start (to warn and print). */
  readonly generated: readonly ("tokenKeys" | "cronSecret")[];
}

type Stored = Partial<Record<"tokenKeys" | "cronSecret" | "sessionSecret", string>>;

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

/** Reads the secrets from the environment, else from DATA_DIR, else generates and keeps them there. */
export function loadSecrets(env: Readonly<Record<string, string | undefined>>, dataDir: string): DemoSecrets {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "secrets.json");
  const stored = readStored(file);
  const generated: ("tokenKeys" | "cronSecret")[] = [];
  let tokenKeys = env.CALENDAR_TOKEN_KEYS?.trim() || stored.tokenKeys;
  if (!tokenKeys) {
    tokenKeys = `k1:${randomBytes(32).toString("base64")}`;
    generated.push("tokenKeys");
  }
  let cronSecret = env.CRON_SECRET?.trim() || stored.cronSecret;
  if (!cronSecret) {
    cronSecret = randomBytes(24).toString("base64url");
    generated.push("cronSecret");
  }
  const sessionSecret = stored.sessionSecret ?? randomBytes(32).toString("base64url");
  const next: Stored = {
    ...stored,
    sessionSecret,
    ...(generated.includes("tokenKeys") ? { tokenKeys } : {}),
    ...(generated.includes("cronSecret") ? { cronSecret } : {}),
  };
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  return { tokenKeys, cronSecret, sessionSecret, generated };
}
