import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { consoleLogger, parseTokenKeys } from "@org/calendar-connections-server";
import { createApp } from "./app.ts";
import { banner } from "./banner.ts";
import { readConfig } from "./config.ts";
import { loadSecrets } from "./secrets.ts";
import { createSessionCodec } from "./session.ts";
import { wipeSqlite } from "./storage.ts";
import { createWorld, type World, type WorldDeps } from "./world.ts";

const config = readConfig(process.env, process.cwd());
const secrets = loadSecrets(process.env, config.dataDir);
if (secrets.generated.includes("tokenKeys"))
  console.warn(
    `warning: CALENDAR_TOKEN_KEYS is unset; generated a token key and kept it in ${config.dataDir}/secrets.json. ` +
      "Set CALENDAR_TOKEN_KEYS in production.",
  );
const session = createSessionCodec(secrets.sessionSecret);
const deps: WorldDeps = {
  config,
  session,
  keyring: await parseTokenKeys(secrets.tokenKeys),
  cronSecret: secrets.cronSecret,
  logger: consoleLogger,
  seed: !config.resetEnabled,
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

const server = serve({ fetch: app.fetch, port: config.port }, () => console.log(banner(config, secrets)));

function shutdown(): void {
  server.close();
  void world.stop().then(() => process.exit(0));
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
