// The consumer-app step of `npm test`: the packages as a host installs them. Puts the packed tarballs in
// .packs/ (those .ci/packages.mjs left in --packs DIR, else `pnpm pack` of each package), installs them with
// the apps' registry dependencies from package-lock.json (`npm ci`: outside the pnpm workspace, no links,
// no `source` condition), builds every app as its host would, then runs the Playwright tests against them
// (playwright.config.ts starts each app on its own loopback port). Needs the packages' dist/ built first.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const here = import.meta.dirname;
const root = resolve(here, "../..");
const PACKAGES = ["core", "server", "testing", "ui"];
const packs = join(here, ".packs");
const from = process.argv.includes("--packs")
  ? resolve(process.argv[process.argv.indexOf("--packs") + 1])
  : null;

function step(label, command, args, options = {}) {
  const started = performance.now();
  execFileSync(command, args, { cwd: here, stdio: "inherit", ...options });
  console.log(`consumers: ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The manifest inside a packed tarball. */
function packedManifest(file) {
  return JSON.parse(
    execFileSync("tar", ["-xOzf", join(packs, file), "package/package.json"], { encoding: "utf8" }),
  );
}

const LOCK = join(here, "package-lock.json");

/**
 * `npm ci` trusts the lockfile's copy of each tarball's dependencies: a dependency a package gained since the
 * lock was written would be missing from the install, and the apps would fail to build far from the cause.
 */
function assertLockMatchesPacks() {
  const lock = JSON.parse(readFileSync(LOCK, "utf8"));
  const stale = [];
  for (const file of readdirSync(packs)) {
    const manifest = packedManifest(file);
    const locked = lock.packages[`node_modules/${manifest.name}`]?.dependencies ?? {};
    if (JSON.stringify(locked) !== JSON.stringify(manifest.dependencies ?? {})) stale.push(manifest.name);
  }
  if (stale.length > 0) {
    console.error(
      `consumers: package-lock.json lists other dependencies for ${stale.join(", ")} than their tarballs: ` +
        "run `node e2e/consumers/run.mjs --update-lock` (after `pnpm --filter './packages/*' build`) and commit the lockfile",
    );
    process.exit(1);
  }
}

/** Writes the tarballs' dependencies into the lockfile, keeping every other entry as it is. */
function updateLock() {
  const lock = JSON.parse(readFileSync(LOCK, "utf8"));
  for (const key of Object.keys(lock.packages))
    if (key.startsWith("node_modules/@org/")) delete lock.packages[key];
  writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
  execFileSync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: here,
    stdio: "inherit",
  });
  const updated = JSON.parse(readFileSync(LOCK, "utf8"));
  // The tarballs change with every build: their integrity is left out (npm ci accepts a local file without one).
  for (const entry of Object.values(updated.packages))
    if (typeof entry.resolved === "string" && entry.resolved.startsWith("file:")) delete entry.integrity;
  writeFileSync(LOCK, `${JSON.stringify(updated, null, 2)}\n`);
  console.log("consumers: package-lock.json updated from the tarballs");
}

// --tests-only: the apps as the last run installed and built them (while changing the tests).
const testsOnly = process.argv.includes("--tests-only");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", npm_config_update_notifier: "false" };

// 1. The tarballs, under the names package.json and the lockfile give them.
if (!testsOnly) {
  rmSync(packs, { recursive: true, force: true });
  mkdirSync(packs);
  for (const name of PACKAGES) {
    const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
    const file = `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`;
    if (from) copyFileSync(join(from, file), join(packs, file));
    else execFileSync("pnpm", ["pack", "--pack-destination", packs], { cwd: join(root, "packages", name) });
  }
  console.log(`consumers: tarballs ${readdirSync(packs).join(", ")}`);
  if (process.argv.includes("--update-lock")) updateLock();
  assertLockMatchesPacks();

  // 2. The lockfile leaves out the tarballs' integrity (they change with every build); npm ci writes nothing.
  step("npm ci", "npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { env });

  // 3. Each app's own build: tsc, esbuild (the page and the worker), next build.
  step("build", "npm", ["run", "--silent", "build"], { env });
}

// 4. The Next.js app keeps its connections in PostgreSQL, in a schema of this run's own.
const schema = `consumers_${Date.now()}`;
const psql = (sql) =>
  execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", sql], { stdio: "inherit" });
psql(`create schema ${schema}`);
try {
  const started = performance.now();
  const result = spawnSync("pnpm", ["exec", "playwright", "test", "-c", join(here, "playwright.config.ts")], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...env,
      CALENDAR_TOKEN_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      CALENDAR_PG_SCHEMA: schema,
    },
  });
  console.log(`consumers: playwright in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = result.status ?? 1;
} finally {
  psql(`drop schema ${schema} cascade`);
}
