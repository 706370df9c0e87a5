import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { consoleLogger, parseTokenKeys, TokenKeyError } from "@org/calendar-connections-server";
import { createApp } from "./app.ts";
import { banner } from "./banner.ts";
import { startDemoCalDav } from "./caldav.ts";
import { type DemoConfig, DemoConfigError, readConfig } from "./config.ts";
import { loadSecrets, secretsFile } from "./secrets.ts";
import { createSessionCodec } from "./session.ts";
import { wipeSqlite } from "./storage.ts";
import { createWorld, type World, type WorldDeps } from "./world.ts";

/** A refused start exits non-zero with its reasons, never a stack trace (nor a secret in one). */
function refuse(error: unknown): never {
  if (!(error instanceof DemoConfigError || error instanceof TokenKeyError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let config: DemoConfig;
try {
  config = readConfig(process.env, process.cwd(), process.argv.slice(2));
} catch (error) {
  refuse(error);
}
const secrets = loadSecrets(process.env, config.dataDir);
if (secrets.sources.tokenKeys === "generated")
  console.warn(
    `warning: CALENDAR_TOKEN_KEYS is unset; generated a token key and kept it in ${secretsFile(config.dataDir)}. ` +
      "Set CALENDAR_TOKEN_KEYS in production.",
  );
const session = createSessionCodec(secrets.sessionSecret);
const dav = await startDemoCalDav(process.env);
const deps: WorldDeps = {
  config,
  session,
  keyring: await parseTokenKeys(secrets.tokenKeys).catch(refuse),
  cronSecret: secrets.cronSecret,
  logger: consoleLogger,
  seed: !config.resetEnabled,
  caldav: dav.server,
};
let world: World = await createWorld(deps);

async function reset(): Promise<void> {
  await world.stop();
  wipeSqlite(config);
  rmSync(join(config.dataDir, "events.json"), { force: true });
  world = await createWorld(deps);
}

const app = createApp({
  config,
  session,
  world: () => world,
  reset: config.resetEnabled ? reset : null,
  distDir: fileURLToPath(new URL("../dist", import.meta.url)),
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
  console.log(`${banner(config, secrets)}${dav.note}\n`),
);

function shutdown(): void {
  server.close();
  void Promise.all([world.stop(), dav.server?.close()]).then(() => process.exit(0));
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
