// Runs every check of `npm test`, in order, stopping at the first failure, and ends with one line
// `N passed, N failed` that sums the tests of every runner (a failed step with no tests counts as one).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const reports = join(root, ".reports");
mkdirSync(reports, { recursive: true });

const workspacePackages = [
  "packages/core",
  "packages/server",
  "packages/testing",
  "packages/ui",
  // The UI's tests again on React 18.3, the lower end of its peer range.
  "packages/ui/react-18",
  "apps/demo",
  "apps/provider-fixture",
  // The docs' checks: every route, table column, theme variable and error code described; every link resolves.
  "apps/docs",
  "stories",
];

const totals = { passed: 0, failed: 0 };
const timings = [];

function run(label, command, args, options = {}) {
  const started = performance.now();
  console.log(`\n\u001b[1m━━ ${label}\u001b[0m  (${[command, ...args].join(" ")})`);
  const result = spawnSync(command, args, { cwd: options.cwd ?? root, stdio: "inherit", env: process.env });
  const seconds = (performance.now() - started) / 1000;
  timings.push([label, seconds]);
  return result.status === 0;
}

function finish(ok) {
  console.log("\nstep timings:");
  for (const [label, seconds] of timings)
    console.log(`  ${label.padEnd(46)} ${seconds.toFixed(1).padStart(6)} s`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exit(ok ? 0 : 1);
}

/** A step whose only result is its exit code. */
function check(label, command, args, options) {
  if (!run(label, command, args, options)) {
    totals.failed += 1;
    finish(false);
  }
}

/** A test runner step: its JSON report gives the counts; a crash without a report counts as one failure. */
function tests(label, command, args, reportPath, count, options) {
  rmSync(reportPath, { force: true });
  const ok = run(label, command, args, options);
  const counts = existsSync(reportPath) ? count(JSON.parse(readFileSync(reportPath, "utf8"))) : null;
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  if (!ok || !counts || counts.failed > 0) {
    if (!counts || counts.failed === 0) totals.failed += 1;
    finish(false);
  }
}

const vitestCounts = (report) => ({ passed: report.numPassedTests, failed: report.numFailedTests });
const playwrightCounts = (report) => ({
  passed: report.stats.expected + report.stats.flaky,
  failed: report.stats.unexpected,
});

check("typecheck", "pnpm", ["typecheck"]);
check("lint and format (biome ci)", "pnpm", ["exec", "biome", "ci", "--colors=off", "."]);
check("lint: provider ids only in provider modules", "node", [".ci/provider-ids.mjs"]);
// What gets published: each package's dist/ must build from its source.
check("build packages", "pnpm", ["--filter", "./packages/*", "build"]);
// The docs site: the guides and the API reference; an undocumented export or a broken {@link} fails it.
check("docs build (TypeDoc)", "pnpm", ["--filter", "@org/calendar-connections-docs", "build"]);
// What a host installs: each packed tarball's files, ranges, publint, Are the Types Wrong, a host's tsc.
check("packed packages (publint, attw, host types)", "node", [".ci/packages.mjs"]);
// The same tarballs installed into consumer apps outside the workspace (Next.js, Hono, node:http, a worker
// bundle), each built as its host would and driven in Chromium: e2e/consumers/run.mjs.
tests(
  "consumer apps (npm ci, build, Playwright)",
  "node",
  ["e2e/consumers/run.mjs", "--packs", join(reports, "packs")],
  join(reports, "playwright-consumers.json"),
  playwrightCounts,
);

for (const dir of workspacePackages) {
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  if (!manifest.scripts?.test) continue;
  const report = join(reports, `vitest-${dir.replaceAll("/", "-")}.json`);
  tests(
    `unit tests ${manifest.name}`,
    "pnpm",
    ["run", "test", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    report,
    vitestCounts,
    { cwd: join(root, dir) },
  );
}

check("ui size budget", "pnpm", ["--filter", "@org/calendar-connections-ui", "size"]);
check("storybook build", "pnpm", ["--filter", "@org/calendar-connections-stories", "build"]);
tests(
  "e2e (Playwright)",
  "pnpm",
  ["exec", "playwright", "test"],
  join(reports, "playwright.json"),
  playwrightCounts,
);

finish(true);
