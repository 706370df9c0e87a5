// Test support: runs the CLI as a real child process. The CLI and the config modules a test names are
// bundled from source once (esbuild, the workspace's `source` condition, shared chunks so that both
// see one copy of every module) into a scratch folder inside this package, where `pg` and
// `better-sqlite3` resolve: a run then starts in a fraction of tsx's time.

import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("./bin.ts", import.meta.url));
/** Variables the CLI reads; the test's own environment never leaks into a run. */
const CLI_VARIABLES = ["DATABASE_URL", "CALENDAR_SQLITE_PATH", "CALENDAR_PG_SCHEMA", "CALENDAR_TOKEN_KEYS"];

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Default 20 s; the child is killed after it. */
  readonly timeoutMs?: number;
}

export interface BuiltCli {
  /** Runs `calendar-connections <args>` to its end. */
  run(args: readonly string[], options: CliRunOptions): Promise<CliRun>;
  /** Starts it and hands back the child (long-running `sync`). */
  start(args: readonly string[], options: CliRunOptions): ReturnType<typeof spawn>;
  /** The bundled path of a config module given to `buildCli`. */
  config(name: string): string;
  dispose(): Promise<void>;
}

function childEnv(extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLI_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

/** Bundles the CLI and the config modules (`{ name: absolute path }`). */
export async function buildCli(configs: Readonly<Record<string, string>> = {}): Promise<BuiltCli> {
  const outdir = await mkdtemp(join(PACKAGE_ROOT, "node_modules", ".cli-test-"));
  await build({
    entryPoints: { "calendar-connections": BIN, ...configs },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["source"],
    external: ["pg", "better-sqlite3"],
    logLevel: "warning",
  });
  const bin = join(outdir, "calendar-connections.mjs");

  function start(args: readonly string[], options: CliRunOptions): ReturnType<typeof spawn> {
    return spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  function run(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = start(args, options);
      let stdout = "";
      let stderr = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  return {
    run,
    start,
    config: (name) => join(outdir, `${name}.mjs`),
    dispose: () => rm(outdir, { recursive: true, force: true }),
  };
}
