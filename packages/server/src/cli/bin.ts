// The `calendar-connections` executable: runs the CLI against the process, then exits with its code.
import { processIo } from "./io.ts";
import { runCli } from "./run.ts";

const controller = new AbortController();
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => controller.abort());
}
const code = await runCli(process.argv.slice(2), processIo(controller.signal));
// A config module may leave handles open (its own pool); the command is over either way.
process.exit(code);
