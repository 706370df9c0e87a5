// Test support: worker processes (`calendar-connections sync`) that can be SIGKILLed and respawned.

import type { ChildProcess } from "node:child_process";
import type { BuiltCli } from "../../cli/process.support.ts";

interface Worker {
  readonly id: string;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: string;
}

export interface WorkerPool {
  /** The worker ids (lease owners) running now, by slot. */
  ids(): string[];
  /** SIGKILLs the worker with this lease owner id and starts a fresh one in its slot. */
  killAndRespawn(id: string): Promise<void>;
  /** SIGTERMs every worker; resolves with their exit codes. */
  stop(): Promise<(number | null)[]>;
  /** SIGKILLs whatever still runs (cleanup). */
  destroy(): void;
  /** The output of every worker so far, for a failure message. */
  logs(): string;
}

export function startWorkers(
  cli: BuiltCli,
  count: number,
  run: { readonly cwd: string; readonly config: string; readonly env: Readonly<Record<string, string>> },
): WorkerPool {
  const slots: Worker[] = [];
  const finished: string[] = [];
  let incarnation = 0;

  function spawnWorker(slot: number): Worker {
    incarnation += 1;
    const id = `worker-${slot}-${incarnation}`;
    const child = cli.start(
      ["sync", "--config", run.config, "--poll-interval", "100", "--concurrency", "4"],
      { cwd: run.cwd, env: { ...run.env, CRASH_WORKER_ID: id } },
    );
    const worker: Worker = {
      id,
      child,
      log: "",
      exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
    };
    const append = (chunk: Buffer): void => {
      worker.log += chunk.toString("utf8");
    };
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    return worker;
  }

  for (let slot = 0; slot < count; slot++) slots.push(spawnWorker(slot));

  return {
    ids: () => slots.map((worker) => worker.id),
    async killAndRespawn(id) {
      const slot = slots.findIndex((worker) => worker.id === id);
      const victim = slots[slot];
      if (victim === undefined) throw new Error(`no worker ${id}`);
      victim.child.kill("SIGKILL");
      const { signal } = await victim.exited;
      if (signal !== "SIGKILL") throw new Error(`${id} ended by ${signal ?? "itself"}:\n${victim.log}`);
      finished.push(`--- ${id} (killed)\n${victim.log}`);
      slots[slot] = spawnWorker(slot);
    },
    async stop() {
      for (const worker of slots) worker.child.kill("SIGTERM");
      const codes = await Promise.all(slots.map(async (worker) => (await worker.exited).code));
      for (const worker of slots) finished.push(`--- ${worker.id} (stopped)\n${worker.log}`);
      return codes;
    },
    destroy() {
      for (const worker of slots) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    },
    logs: () =>
      [...finished, ...slots.map((worker) => `--- ${worker.id} (running)\n${worker.log}`)].join("\n"),
  };
}
