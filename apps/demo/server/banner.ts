import { isIPv6 } from "node:net";
import type { DemoConfig } from "./config.ts";
import { USERS } from "./directory.ts";
import { FAKE_GOOGLE_PATH, FAKE_MICROSOFT_PATH } from "./fakes.ts";
import { isLoopbackHost } from "./mode.ts";
import { API_BASE, redirectURI } from "./providers.ts";
import { type DemoSecrets, secretsFile } from "./secrets.ts";

const RULE = `  ${"=".repeat(96)}`;

/** Breaks a sentence into lines of at most `width` characters (a word longer than that stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** The risks this start opted into, framed so they cannot be missed in a scrolling terminal. */
function warningBlock(warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  return [
    "",
    RULE,
    "  WARNING: this demo is not confined to a fake world on this machine.",
    ...warnings.flatMap((warning) =>
      wrap(warning, 90).map((line, index) => `  ${index === 0 ? "!" : " "} ${line}`),
    ),
    RULE,
  ];
}

/**
 * How to run a sync batch. A cron secret is printed only when this start generated it, and it says it
 * will not be shown again; one from the environment or from an earlier start never is.
 */
function syncLines(config: DemoConfig, secrets: DemoSecrets): string[] {
  const curl = (bearer: string): string =>
    `             curl -X POST -H "Authorization: Bearer ${bearer}" ${config.publicURL}${API_BASE}/cron/sync`;
  const file = secretsFile(config.dataDir);
  const head = `  Sync:      worker every ${config.syncIntervalMs / 1000} s, or one batch now:`;
  switch (secrets.sources.cronSecret) {
    case "generated":
      return [
        head,
        curl(secrets.cronSecret),
        `             (CRON_SECRET was unset: generated now and shown this once; kept in ${file})`,
      ];
    case "stored":
      return [
        head,
        curl("<cron secret>"),
        `             (generated on an earlier start, not shown again: "cronSecret" in ${file})`,
      ];
    case "environment":
      return [
        head,
        curl("$CRON_SECRET"),
        "             (CRON_SECRET is from the environment and never printed)",
      ];
  }
}

/**
 * What `npm start` prints once the server listens: any risk opted into, where to go and where it
 * listens, who to be, which providers are fake, and how to sync. No secret from the environment
 * appears in it (client secrets, token keys, `CRON_SECRET`).
 */
export function banner(config: DemoConfig, secrets: DemoSecrets): string {
  const width = Math.max(...USERS.map((user) => user.email.length));
  const address = `${isIPv6(config.host) ? `[${config.host}]` : config.host}:${config.port}`;
  const reach = isLoopbackHost(config.host) ? "this machine only" : "reachable from other machines";
  const fake = (path: string): string =>
    `fake at ${config.publicURL}${path} (its tokens are public at ${path}/__inspect)`;
  const lines = [
    ...warningBlock(config.warnings),
    "",
    `  Calendar connections demo: ${config.publicURL}`,
    `  Listening on ${address} (${reach}), in demo mode`,
    "",
    "  Sign in as (no passwords):",
    ...USERS.map(
      (user) =>
        `    ${user.email.padEnd(width)}  ${user.role === "admin" ? "admin " : "member"}  ${user.name}`,
    ),
    "",
    `  Google:    ${config.google ? `real (redirect URI ${redirectURI(config, "google")})` : fake(FAKE_GOOGLE_PATH)}`,
    `  Microsoft: ${config.microsoft ? `real (redirect URI ${redirectURI(config, "microsoft")})` : fake(FAKE_MICROSOFT_PATH)}`,
    `  Storage:   ${config.databaseURL ? "PostgreSQL (DATABASE_URL)" : `SQLite in ${config.dataDir}`}`,
    ...syncLines(config, secrets),
    "",
  ];
  return lines.join("\n");
}
