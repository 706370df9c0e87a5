import { Worker } from "node:worker_threads";
import { StorageConflictError, StorageError } from "../storage/errors.ts";
import type { CalendarStorage } from "../storage/types.ts";

type Reply =
  | { readonly type: "ready" }
  | { readonly id: number; readonly type: "locked" }
  | { readonly id: number; readonly type: "result"; readonly value: unknown }
  | { readonly id: number; readonly type: "error"; readonly name: string; readonly message: string };

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly onLocked?: () => void;
}

function revive(name: string, message: string): Error {
  if (name === "StorageConflictError") return new StorageConflictError(message);
  if (name === "StorageError") return new StorageError(message);
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * A SQLite storage running in a worker thread with its own connection to `filename`, seen from
 * this thread as a `CalendarStorage`. Test support: it gives the conformance suite's concurrency
 * cases a second, truly concurrent SQLite connection. `withConnectionLock` holds the lock in the
 * worker while `fn` runs here.
 */
export async function openSqliteWorkerPeer(filename: string): Promise<CalendarStorage> {
  const worker = new Worker(new URL("./sqlite-peer-worker.mjs", import.meta.url), {
    workerData: { filename },
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;

  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (reply: Reply) => {
      if (reply.type === "ready") {
        worker.off("error", reject);
        resolve();
        return;
      }
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      if (reply.type === "locked") {
        waiter.onLocked?.();
        return;
      }
      pending.delete(reply.id);
      if (reply.type === "result") waiter.resolve(reply.value);
      else waiter.reject(revive(reply.name, reply.message));
    });
  });

  const call = (
    method: string,
    args: readonly unknown[],
    onLocked?: (id: number) => void,
  ): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, ...(onLocked ? { onLocked: () => onLocked(id) } : {}) });
      worker.postMessage({ id, method, args });
    });

  const proxy = new Proxy({} as CalendarStorage, {
    get(_target, property) {
      if (typeof property !== "string" || property === "then") return undefined;
      if (property === "close") {
        return async (): Promise<void> => {
          await call("close", []);
          await worker.terminate();
        };
      }
      if (property === "withConnectionLock") {
        return (connectionId: string, fn: () => Promise<unknown>): Promise<unknown> =>
          new Promise((resolve, reject) => {
            let outcome: Promise<unknown> | undefined;
            call("withConnectionLock", [connectionId], (id) => {
              outcome = fn();
              const unlock = (): void => worker.postMessage({ id, type: "unlock" });
              outcome.then(unlock, unlock);
            }).then(
              () => (outcome ?? Promise.reject(new Error("The lock was never taken."))).then(resolve, reject),
              reject,
            );
          });
      }
      return (...args: unknown[]): Promise<unknown> => call(property, args);
    },
  });
  return proxy;
}
