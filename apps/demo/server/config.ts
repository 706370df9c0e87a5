import { resolve } from "node:path";

export interface OAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Everything the demo server reads from its environment. */
export interface DemoConfig {
  readonly port: number;
  /** The origin browsers reach the demo on; redirect URIs and feed URLs use it. */
  readonly publicURL: string;
  readonly dataDir: string;
  /** PostgreSQL instead of the SQLite file in `dataDir`. */
  readonly databaseURL: string | null;
  /** `POST /demo/reset` wipes every organization's data (e2e only). */
  readonly resetEnabled: boolean;
  /** How often the background sync worker polls for due jobs. */
  readonly syncIntervalMs: number;
  /** Real credentials per provider; a provider without them uses the fake on this origin. */
  readonly google: OAuthCredentials | null;
  readonly microsoft: OAuthCredentials | null;
  readonly microsoftTenant: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function credentials(env: Env, prefix: string): OAuthCredentials | null {
  const clientId = env[`${prefix}_CLIENT_ID`]?.trim() ?? "";
  const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() ?? "";
  return clientId !== "" && clientSecret !== "" ? { clientId, clientSecret } : null;
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer`);
  return parsed;
}

export function readConfig(env: Env, cwd: string): DemoConfig {
  const port = positiveInteger(env.PORT, 3000, "PORT");
  const publicURL = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, "");
  return {
    port,
    publicURL,
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || ".data"),
    databaseURL: env.DATABASE_URL?.trim() || null,
    resetEnabled: env.DEMO_ALLOW_RESET === "1",
    syncIntervalMs: positiveInteger(env.SYNC_INTERVAL_MS, 3000, "SYNC_INTERVAL_MS"),
    google: credentials(env, "GOOGLE"),
    microsoft: credentials(env, "MICROSOFT"),
    microsoftTenant: env.MICROSOFT_TENANT?.trim() || "common",
  };
}
