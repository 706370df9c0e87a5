/** What a command may touch of the outside world, so that tests can run it in process. */
export interface CliIo {
  /** One line of results (stdout). */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (`--file`, `--sqlite`, `--config`) resolve against it. */
  readonly cwd: string;
  /** Aborts a long-running `sync` (SIGTERM, SIGINT). */
  readonly signal?: AbortSignal;
}

/** The process's stdout, stderr, environment and working directory. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    ...(signal === undefined ? {} : { signal }),
  };
}
