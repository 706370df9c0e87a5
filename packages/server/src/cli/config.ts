import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TokenKeyring } from "../crypto/keyring.ts";
import type { CalendarConnectionsOptions } from "../handler/options.ts";
import type { CalendarStorage } from "../storage/types.ts";
import { CliError, EXIT } from "./errors.ts";

/**
 * What a config module (`--config ./calendar-connections.config.mjs`) gives the CLI: the kit's options
 * (all optional here; each command says what it needs) and how to tell which organizations exist.
 */
export interface CalendarConnectionsCliConfig
  extends Partial<Omit<CalendarConnectionsOptions, "storage" | "keyring">> {
  /** The kit's storage. Default: from `--sqlite`, `--database-url`, `DATABASE_URL` or `CALENDAR_SQLITE_PATH`. */
  readonly storage?: CalendarStorage;
  /** The token keys. Default: `CALENDAR_TOKEN_KEYS`. */
  readonly keyring?: TokenKeyring;
  /** Whether an organization exists in the host product (`import-service-account` checks every entry). */
  readonly organizationExists?: (organizationId: string) => boolean | Promise<boolean>;
  /** Releases what the module opened (its own database pool, …); called after the command. */
  readonly close?: () => void | Promise<void>;
}

/** What a config factory is called with. */
export interface CliConfigContext {
  /** The command being run, e.g. `sync`. */
  readonly command: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A config module's default export: the config, or a (possibly async) factory of it. */
export type CliConfigExport =
  | CalendarConnectionsCliConfig
  | ((context: CliConfigContext) => CalendarConnectionsCliConfig | Promise<CalendarConnectionsCliConfig>);

/** Types a config module's export (an identity function, like Vite's `defineConfig`). */
export function defineCliConfig<T extends CliConfigExport>(config: T): T {
  return config;
}

const FUNCTION_FIELDS = ["getEvent", "listEvents", "authorize", "organizationExists", "close"] as const;

function isConfig(value: unknown): value is CalendarConnectionsCliConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return FUNCTION_FIELDS.every((field) => {
    const member: unknown = Reflect.get(value, field);
    return member === undefined || typeof member === "function";
  });
}

/** Imports a config module and resolves its default export (or `config` export). */
export async function loadConfig(
  file: string,
  cwd: string,
  context: CliConfigContext,
): Promise<CalendarConnectionsCliConfig> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError(EXIT.config, `config module not found: ${path}`);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(EXIT.config, `config module ${file} failed to load: ${reason}`);
  }
  const exported = module.default ?? module.config;
  if (exported === undefined) {
    throw new CliError(
      EXIT.config,
      `config module ${file} has no default export (export the config object or a function returning it)`,
    );
  }
  let config: unknown;
  try {
    config = typeof exported === "function" ? await exported(context) : exported;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(EXIT.config, `config module ${file} threw: ${reason}`);
  }
  if (!isConfig(config)) {
    throw new CliError(
      EXIT.config,
      `config module ${file} must export an object (or a function returning one) whose ${FUNCTION_FIELDS.join(", ")} are functions when present`,
    );
  }
  return config;
}
