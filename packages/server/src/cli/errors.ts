/** The CLI's exit codes, documented in the server README. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (database error, rows that could not be re-encrypted, …). */
  failed: 1,
  /** Wrong usage: unknown command or flag, a missing or malformed flag value. */
  usage: 2,
  /** The input file is unusable: missing, not JSON, wrong shape, unknown organizations. */
  input: 3,
  /** The environment or config module is unusable: no storage, bad keys, no `getEvent` for `sync`. */
  config: 4,
} as const;

/** One of the CLI's exit codes ({@link EXIT}). */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line on stderr, exiting with `exitCode`. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
