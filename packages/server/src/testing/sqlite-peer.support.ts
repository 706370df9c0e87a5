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

/** One worker thread holding a SQLite storage, called over messages. */
interface PeerWorker {
  call(method: string, args: readonly unknown[], onLocked?: (id: number) => void): Promise<unknown>;
  unlock(id: number): void;
  terminate(): Promise<number>;
}

async function startWorker(filename: string): Promise<PeerWorker> {
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
  return {
    call: (method, args, onLocked) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, ...(onLocked ? { onLocked: () => onLocked(id) } : {}) });
        worker.postMessage({ id, method, args });
      }),
    unlock: (id) => worker.postMessage({ id, type: "unlock" }),
    terminate: () => worker.terminate(),
  };
}

/** `CalendarStorage` over a peer worker. `withConnectionLock` holds the lock there while `fn` runs here. */
function proxyStorage(peer: PeerWorker, onClose: () => Promise<void>): CalendarStorage {
  return new Proxy({} as CalendarStorage, {
    get(_target, property) {
      if (typeof property !== "string" || property === "then") return undefined;
      if (property === "close") return onClose;
      if (property === "withConnectionLock") {
        return (connectionId: string, fn: () => Promise<unknown>): Promise<unknown> =>
          new Promise((resolve, reject) => {
            let outcome: Promise<unknown> | undefined;
            peer
              .call("withConnectionLock", [connectionId], (id) => {
                outcome = fn();
                const unlock = (): void => peer.unlock(id);
                outcome.then(unlock, unlock);
              })
              .then(
                () =>
                  (outcome ?? Promise.reject(new Error("The lock was never taken."))).then(resolve, reject),
                reject,
              );
          });
      }
      return (...args: unknown[]): Promise<unknown> => peer.call(property, args);
    },
  });
}

/** Worker threads with their own SQLite connections, reused across tests (starting one costs a second). */
export interface SqliteWorkerPool {
  /** A storage on `filename` in a worker thread of its own, truly concurrent with this thread. */
  open(filename: string): Promise<CalendarStorage>;
  /** Ends every worker. */
  terminate(): Promise<void>;
}

/**
 * Test support: gives the conformance suite's concurrency cases second SQLite connections that run
 * in parallel with the test's own. A closed peer's worker goes back to the pool.
 */
export function createSqliteWorkerPool(): SqliteWorkerPool {
  const idle: PeerWorker[] = [];
  const all: PeerWorker[] = [];
  return {
    async open(filename) {
      let peer = idle.pop();
      if (peer) await peer.call("reopen", [filename]);
      else {
        peer = await startWorker(filename);
        all.push(peer);
      }
      const worker = peer;
      let closed = false;
      return proxyStorage(worker, async () => {
        if (closed) return;
        closed = true;
        await worker.call("close", []);
        idle.push(worker);
      });
    },
    async terminate() {
      await Promise.all(all.map((peer) => peer.terminate()));
      all.length = 0;
      idle.length = 0;
    },
  };
}
