// A SQLite storage in its own thread, with its own better-sqlite3 connection to the test's file,
// driven over messages by `openSqliteWorkerPeer` (sqlite-peer.support.ts).
import { register } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

register(new URL("./ts-hooks.mjs", import.meta.url));
const { createSqliteStorage } = await import(new URL("../storage/sqlite.ts", import.meta.url).href);
// The worker outlives one database: the pool reopens it on another file for the next test.
let storage = createSqliteStorage({ filename: workerData.filename });
const releases = new Map();

parentPort.on("message", async (message) => {
  if (message.type === "unlock") {
    releases.get(message.id)?.();
    return;
  }
  try {
    let value;
    if (message.method === "reopen") {
      storage = createSqliteStorage({ filename: message.args[0] });
    } else if (message.method === "withConnectionLock") {
      value = await storage.withConnectionLock(
        message.args[0],
        () =>
          new Promise((resolve) => {
            releases.set(message.id, resolve);
            parentPort.postMessage({ id: message.id, type: "locked" });
          }),
      );
      releases.delete(message.id);
    } else {
      value = await storage[message.method](...message.args);
    }
    parentPort.postMessage({ id: message.id, type: "result", value });
  } catch (error) {
    parentPort.postMessage({
      id: message.id,
      type: "error",
      name: error instanceof Error ? error.name : "Error",
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
parentPort.postMessage({ type: "ready" });
