export { COMMON_HELP, type Command } from "./command.ts";
export {
  type CalendarConnectionsCliConfig,
  type CliConfigContext,
  type CliConfigExport,
  defineCliConfig,
} from "./config.ts";
export { CliError, EXIT, type ExitCode } from "./errors.ts";
export { type CliIo, processIo } from "./io.ts";
export { runCli } from "./run.ts";
