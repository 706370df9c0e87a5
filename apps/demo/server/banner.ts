import type { DemoConfig } from "./config.ts";
import { USERS } from "./directory.ts";
import { redirectURI } from "./providers.ts";
import type { DemoSecrets } from "./secrets.ts";

/** What `npm start` prints once the server listens: where to go, who to be, what was generated. */
export function banner(config: DemoConfig, secrets: DemoSecrets): string {
  const width = Math.max(...USERS.map((user) => user.email.length));
  const lines = [
    "",
    `  Calendar connections demo: ${config.publicURL}`,
    "",
    "  Sign in as:",
    ...USERS.map(
      (user) =>
        `    ${user.email.padEnd(width)}  ${user.role === "admin" ? "admin " : "member"}  ${user.name}`,
    ),
    "",
    `  Google:    ${config.google ? `real (redirect URI ${redirectURI(config, "google")})` : `fake at ${config.publicURL}/__fake/google`}`,
    `  Microsoft: ${config.microsoft ? `real (redirect URI ${redirectURI(config, "microsoft")})` : `fake at ${config.publicURL}/__fake/microsoft`}`,
    `  Storage:   ${config.databaseURL ? "PostgreSQL (DATABASE_URL)" : `SQLite in ${config.dataDir}`}`,
    `  Sync:      worker every ${config.syncIntervalMs / 1000} s; or curl -X POST -H "Authorization: Bearer ${secrets.cronSecret}" ${config.publicURL}/api/calendar-connections/cron/sync`,
  ];
  if (secrets.generated.includes("cronSecret"))
    lines.push("             (CRON_SECRET was unset: generated and kept in DATA_DIR/secrets.json)");
  lines.push("");
  return lines.join("\n");
}
