// Lint: no built-in provider id appears as a literal in core, server or UI source outside the provider's
// own folder (server/src/providers/<id>/) and the UI's default icons. Everything else goes through the
// provider registry, so a host's own provider works with no change anywhere else.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const IDS = [
  "google",
  "microsoft",
  "ics",
  "google-service-account",
  // The CalDAV presets share one module: server/src/providers/caldav/.
  "caldav",
  "icloud",
  "fastmail",
  "nextcloud",
];
const pattern = IDS.map((id) => `["'\`]${id.replaceAll("-", "\\-")}["'\`]`).join("|");

/** Files where an id literal belongs: the provider modules, the default icons, tests and test helpers. */
const ALLOWED = [
  /^packages\/server\/src\/providers\/(google|microsoft|ics|google-service-account|caldav)\//,
  /^packages\/ui\/src\/components\/provider-icons?\.tsx$/,
  /\.test\.tsx?$/,
  /\.support\.ts$/,
  /^packages\/[^/]+\/src\/(testing|test)\//,
];

const result = spawnSync(
  "git",
  ["grep", "-n", "-E", pattern, "--", "packages/core/src", "packages/server/src", "packages/ui/src"],
  { cwd: root, encoding: "utf8" },
);
if (result.status !== 0 && result.status !== 1) {
  console.error(result.stderr);
  process.exit(2);
}
const offending = result.stdout
  .split("\n")
  .filter((line) => line !== "")
  .filter((line) => !ALLOWED.some((allowed) => allowed.test(line.split(":")[0] ?? "")));
if (offending.length > 0) {
  console.error("Provider id literals outside their provider's own module:");
  for (const line of offending) console.error(`  ${line}`);
  console.error("Use the provider registry (kit.providers) or the provider's exported id constant instead.");
  process.exit(1);
}
console.log(`no provider id literal outside provider modules (${IDS.join(", ")})`);
