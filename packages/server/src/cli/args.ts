import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError, EXIT } from "./errors.ts";

/** The flags every command takes. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  config: { type: "string", short: "c" },
  sqlite: { type: "string" },
  "database-url": { type: "string" },
  schema: { type: "string" },
} as const;

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

interface StrictParse<T extends OptionsConfig> {
  args: string[];
  options: typeof COMMON_OPTIONS & T;
  strict: true;
  allowPositionals: false;
}

/** A command's parsed flags: its own options and `COMMON_OPTIONS`. */
export type Flags<T extends OptionsConfig> = ReturnType<typeof parseArgs<StrictParse<T>>>["values"];

/**
 * Parses a command's flags (its own and `COMMON_OPTIONS`) strictly: an unknown flag, a missing value
 * or a stray argument is a usage error.
 */
export function parseCommandArgs<const T extends OptionsConfig>(
  command: string,
  args: readonly string[],
  options: T,
): Flags<T> {
  try {
    return parseArgs<StrictParse<T>>({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(EXIT.usage, `${reason} (see calendar-connections ${command} --help)`);
  }
}

/** A whole number flag value at least `min`, or the default when absent. */
export function intFlag(
  command: string,
  flag: string,
  value: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new CliError(
      EXIT.usage,
      `--${flag} must be a whole number ≥ ${min} (got "${value}"; see calendar-connections ${command} --help)`,
    );
  }
  return parsed;
}
