import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { FAKE_GOOGLE_PATH, FAKE_MICROSOFT_PATH } from "./fakes.ts";
import { type DemoOptIns, type DemoSwitch, decideStart, describeSwitch, SWITCHES } from "./mode.ts";

/** One provider's OAuth client, from `<PROVIDER>_CLIENT_ID` and `<PROVIDER>_CLIENT_SECRET`. */
export interface OAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Everything the demo server reads from its flags and environment, for a start that is allowed. */
export interface DemoConfig {
  readonly port: number;
  /** The address the server listens on: 127.0.0.1 (this machine only) unless `HOST` says otherwise. */
  readonly host: string;
  /** The origin browsers reach the demo on; redirect URIs and feed URLs use it. */
  readonly publicURL: string;
  readonly dataDir: string;
  /** PostgreSQL instead of the SQLite file in `dataDir`. */
  readonly databaseURL: string | null;
  /** `POST /demo/reset` wipes every organization's data (e2e only). */
  readonly resetEnabled: boolean;
  /** How often the background sync worker polls for due jobs. */
  readonly syncIntervalMs: number;
  /**
   * Retry tuning (`SYNC_MAX_ATTEMPTS`, `SYNC_RETRY_WINDOW_MS`, `SYNC_BACKOFF_BASE_MS`), each the kit's default
   * when unset. The e2e run shortens them so an outage dead-letters events within seconds, not a day.
   */
  readonly syncRetries: {
    readonly maxAttempts?: number;
    readonly retryWindowMs?: number;
    readonly backoffBaseMs?: number;
  };
  /** Real credentials per provider; a provider without them uses the fake on this origin. */
  readonly google: OAuthCredentials | null;
  readonly microsoft: OAuthCredentials | null;
  readonly microsoftTenant: string;
  /**
   * Demo sign-in and the fake providers may run. `readConfig` never returns a config without it; the
   * app and the fakes check it again so that no other entry point mounts them by accident.
   */
  readonly demoMode: boolean;
  /** One line per risk this start opted into (a public demo, real providers), for the banner. */
  readonly warnings: readonly string[];
}

/** The demo must not start: malformed settings or a dangerous combination, each said in one line. */
export class DemoConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    const flags = Object.values(SWITCHES).map(describeSwitch).join(", ");
    super(
      `The demo did not start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n` +
        `Switches: ${flags}. See README.md, "The demo".`,
    );
    this.name = "DemoConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects every problem of one read, so the operator sees them all at once. */
type Problems = string[];

function credentials(env: Env, prefix: string, problems: Problems): OAuthCredentials | null {
  const clientId = env[`${prefix}_CLIENT_ID`]?.trim() ?? "";
  const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() ?? "";
  if (clientId !== "" && clientSecret !== "") return { clientId, clientSecret };
  // Half a pair is a typo, not a wish for the fake: falling back silently would hide it.
  if (clientId !== "" || clientSecret !== "") {
    const [set, missing] = clientId === "" ? ["CLIENT_SECRET", "CLIENT_ID"] : ["CLIENT_ID", "CLIENT_SECRET"];
    problems.push(
      `${prefix}_${set} is set but ${prefix}_${missing} is not: set both for the real provider, or neither for the fake.`,
    );
  }
  return null;
}

function positiveInteger(
  value: string | undefined,
  fallback: number,
  name: string,
  problems: Problems,
): number {
  if (value === undefined || value.trim() === "") return fallback;
  const parsed = Number(value);
  if (Number.isInteger(parsed) && parsed > 0) return parsed;
  problems.push(`${name} must be a positive integer`);
  return fallback;
}

/** `1` or `0`; anything else is refused rather than read as off. */
function binary(env: Env, name: string, problems: Problems): boolean | null {
  const raw = env[name]?.trim() ?? "";
  if (raw === "") return null;
  if (raw === "1" || raw === "0") return raw === "1";
  problems.push(`${name} must be 1 or 0, not "${raw}"`);
  return null;
}

/** A switch is on by its flag or `ENV=1`; `ENV=0` forbids it on this machine, even against the flag. */
function readSwitch(demoSwitch: DemoSwitch, flagged: boolean, env: Env, problems: Problems): boolean {
  const fromEnv = binary(env, demoSwitch.env, problems);
  if (flagged && fromEnv === false)
    problems.push(`${demoSwitch.flag} contradicts ${demoSwitch.env}=0, which forbids it here`);
  return fromEnv === false ? false : flagged || fromEnv === true;
}

function readOptIns(argv: readonly string[], env: Env, problems: Problems): DemoOptIns {
  const flags = new Set<string>();
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        Object.values(SWITCHES).map((demoSwitch) => [demoSwitch.flag.slice(2), { type: "boolean" }]),
      ),
    });
    for (const [name, value] of Object.entries(values)) if (value === true) flags.add(`--${name}`);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const read = (key: keyof typeof SWITCHES): boolean =>
    readSwitch(SWITCHES[key], flags.has(SWITCHES[key].flag), env, problems);
  return {
    demoMode: read("demoMode"),
    allowPublic: read("allowPublic"),
    allowRealProviders: read("allowRealProviders"),
  };
}

function readPublicURL(env: Env, port: number, problems: Problems): string {
  const fallback = `http://localhost:${port}`;
  const value = (env.PUBLIC_URL?.trim() || fallback).replace(/\/+$/, "");
  if (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value;
  problems.push(`PUBLIC_URL must be an http or https URL, not "${value}"`);
  return fallback;
}

/**
 * Reads the demo's settings from its command-line flags and environment, and decides whether this
 * start is allowed (see `decideStart`). Throws `DemoConfigError` listing every problem otherwise, so
 * the process exits instead of quietly turning something off.
 */
export function readConfig(env: Env, cwd: string, argv: readonly string[]): DemoConfig {
  const problems: Problems = [];
  const optIns = readOptIns(argv, env, problems);
  const port = positiveInteger(env.PORT, 3000, "PORT", problems);
  const host = env.HOST?.trim() || "127.0.0.1";
  const publicURL = readPublicURL(env, port, problems);
  const resetEnabled = binary(env, "DEMO_ALLOW_RESET", problems) === true;
  const google = credentials(env, "GOOGLE", problems);
  const microsoft = credentials(env, "MICROSOFT", problems);
  const decision = decideStart({
    optIns,
    host,
    publicURL,
    resetEnabled,
    realProviders: [
      ...(google ? [{ name: "Google", variables: "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET" }] : []),
      ...(microsoft
        ? [{ name: "Microsoft", variables: "MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET" }]
        : []),
    ],
    fakePaths: [...(google ? [] : [FAKE_GOOGLE_PATH]), ...(microsoft ? [] : [FAKE_MICROSOFT_PATH])],
  });
  if (!decision.ok) problems.push(...decision.refusals);
  const syncIntervalMs = positiveInteger(env.SYNC_INTERVAL_MS, 3000, "SYNC_INTERVAL_MS", problems);
  const tuning = (name: string): number | undefined =>
    env[name]?.trim() ? positiveInteger(env[name], 1, name, problems) : undefined;
  const syncRetries = {
    maxAttempts: tuning("SYNC_MAX_ATTEMPTS"),
    retryWindowMs: tuning("SYNC_RETRY_WINDOW_MS"),
    backoffBaseMs: tuning("SYNC_BACKOFF_BASE_MS"),
  };
  if (problems.length > 0 || !decision.ok) throw new DemoConfigError(problems);
  return {
    port,
    host,
    publicURL,
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || ".data"),
    databaseURL: env.DATABASE_URL?.trim() || null,
    resetEnabled,
    syncIntervalMs,
    syncRetries: Object.fromEntries(
      Object.entries(syncRetries).filter(([, value]) => value !== undefined),
    ) as DemoConfig["syncRetries"],
    google,
    microsoft,
    microsoftTenant: env.MICROSOFT_TENANT?.trim() || "common",
    demoMode: optIns.demoMode,
    warnings: decision.warnings,
  };
}
