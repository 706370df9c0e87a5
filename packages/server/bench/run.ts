// `pnpm bench`: every measurement of issue 8 in one run. Prints Markdown tables and writes .reports/bench.json.
// Loopback only; every load is bounded in time and count; the run stops by itself (hard limit 40 minutes).
// Knobs (environment): BENCH_ONLY=http,oauth,sync,skew,backfill,ui (http = light,list)  BENCH_HTTP_SECONDS  BENCH_WARMUP_SECONDS
// BENCH_HTTP_CONNECTIONS  BENCH_LIGHT_ROUNDS  BENCH_LIST_SCALES=20,200,2000  BENCH_OAUTH_CALLBACKS  BENCH_SYNC_JOBS
// BENCH_SYNC_SCALES=100,1000,10000  BENCH_SYNC_DBS=postgres,sqlite  BENCH_SYNC_WORKERS=1,2  BENCH_SYNC_CONCURRENCY
// BENCH_SYNC_SKEW=0.9 (the busy connection's share in the `skew` section)  BENCH_SKEW_DBS=postgres  BENCH_SKEW_WORKERS=1
// BENCH_BACKFILL_EVENTS=5000  BENCH_BACKFILL_CONCURRENCY=200
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BackfillRow, benchBackfill } from "./backfill.ts";
import type { SyncDatabase } from "./bench-database.ts";
import { benchList, benchProviders, type LoadRow } from "./http.ts";
import { envNumber, PACKAGE_DIR } from "./lib.ts";
import { benchOAuth, type OAuthRow } from "./oauth.ts";
import { benchSync, type SyncRow } from "./sync.ts";

const HARD_LIMIT_MS = 40 * 60_000;
setTimeout(() => {
  console.error(`pnpm bench: stopped after ${HARD_LIMIT_MS / 60_000} minutes`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

const only = new Set(
  (process.env.BENCH_ONLY ?? "http,oauth,sync,skew,backfill,ui").split(",").map((part) => part.trim()),
);
const list = (name: string, fallback: number[]): number[] =>
  (process.env[name]?.split(",").map(Number) ?? fallback).filter(
    (value) => Number.isFinite(value) && value > 0,
  );

const ROOT = resolve(PACKAGE_DIR, "../..");
const started = new Date();
const log = (line: string) =>
  console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0)}s] ${line}`);
const tmpDir = mkdtempSync(join(tmpdir(), "cc-bench-"));
const loads = () => loadavg().map((value) => Math.round(value * 100) / 100);

const http = {
  seconds: envNumber("BENCH_HTTP_SECONDS", 5),
  warmupSeconds: envNumber("BENCH_WARMUP_SECONDS", 1),
  connections: envNumber("BENCH_HTTP_CONNECTIONS", 10),
  rounds: envNumber("BENCH_LIGHT_ROUNDS", 3),
  scales: list("BENCH_LIST_SCALES", [20, 200, 2000]),
  tmpDir,
  log,
};

const results: {
  meta: Record<string, unknown>;
  providers: LoadRow[];
  /** The light route's kit ÷ Hono in each round. */
  kitOverHono: number[];
  list: LoadRow[];
  oauth: OAuthRow[];
  sync: SyncRow[];
  skew: SyncRow[];
  backfill: BackfillRow[];
  ui: { item: string; kind: string; note: string; minified: number; gzip: number }[];
} = {
  meta: {
    startedAt: started.toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAtStart: loads(),
    commit: gitCommit(),
    http: {
      seconds: http.seconds,
      warmupSeconds: http.warmupSeconds,
      connections: http.connections,
      lightRounds: http.rounds,
    },
  },
  providers: [],
  kitOverHono: [],
  list: [],
  oauth: [],
  sync: [],
  skew: [],
  backfill: [],
  ui: [],
};

const reports = join(ROOT, ".reports");
/** Writes what is measured so far, so a run cut short still leaves its numbers. */
function save(): void {
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

try {
  if (only.has("ui")) {
    log("ui weight");
    const out = execFileSync(process.execPath, ["bench/weight.mjs", "--json"], {
      cwd: join(ROOT, "packages/ui"),
      encoding: "utf8",
      timeout: 120_000,
    });
    results.ui = JSON.parse(out);
    save();
  }
  if (only.has("http") || only.has("light")) {
    log("GET /providers");
    const light = await benchProviders(http);
    results.providers = light.rows;
    results.kitOverHono = light.kitOverHono;
    save();
  }
  if (only.has("http") || only.has("list")) {
    log("GET /connections");
    results.list = await benchList(http);
    save();
  }
  if (only.has("oauth")) {
    log("OAuth callbacks");
    results.oauth = await benchOAuth({ count: envNumber("BENCH_OAUTH_CALLBACKS", 300), tmpDir });
    save();
  }
  const syncKnobs = {
    tmpDir,
    jobs: envNumber("BENCH_SYNC_JOBS", 10_000),
    workers: list("BENCH_SYNC_WORKERS", [1, 2]),
    concurrency: envNumber("BENCH_SYNC_CONCURRENCY", 10),
    latencyMs: 20,
    log,
  };
  const syncDbs = (process.env.BENCH_SYNC_DBS ?? "postgres,sqlite")
    .split(",")
    .map((db) => db.trim())
    .filter((db): db is SyncDatabase => db === "postgres" || db === "sqlite");
  if (only.has("sync")) {
    const scales = list("BENCH_SYNC_SCALES", [100, 1000, 10_000]);
    for (const db of syncDbs) {
      for (const connections of scales) {
        log(`sync on ${db}, ${connections} connections`);
        results.sync.push(...(await benchSync({ ...syncKnobs, db, connections, rateLimit: 10 })));
        save();
      }
    }
  }
  if (only.has("skew")) {
    // One connection holds most jobs, enqueued first; the account limit is lifted so the busy connection
    // waits only for its per-connection cap, and the others must not wait for its backlog.
    const busyShare = envNumber("BENCH_SYNC_SKEW", 0.9);
    const skewDbs = (process.env.BENCH_SKEW_DBS ?? "postgres")
      .split(",")
      .map((db) => db.trim())
      .filter((db): db is SyncDatabase => db === "postgres" || db === "sqlite");
    for (const db of skewDbs) {
      for (const share of [0, busyShare]) {
        log(`skew on ${db}: busy connection share ${share}`);
        const skew = {
          ...syncKnobs,
          db,
          workers: list("BENCH_SKEW_WORKERS", [1]),
          connections: 100,
          rateLimit: 1000,
          busyShare: share,
          floor: false,
        };
        results.skew.push(...(await benchSync(skew)));
        save();
      }
    }
  }
  if (only.has("backfill")) {
    log("backfill into one Google and one Microsoft calendar");
    results.backfill = await benchBackfill({
      tmpDir,
      events: envNumber("BENCH_BACKFILL_EVENTS", 5_000),
      concurrency: envNumber("BENCH_BACKFILL_CONCURRENCY", 200),
      latencyMs: 20,
      log,
    });
    save();
  }
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}
results.meta.loadAtEnd = loads();
results.meta.seconds = Math.round((Date.now() - started.getTime()) / 1000);

// --- the table ------------------------------------------------------------------------------------

const lines: string[] = [];
const table = (head: string[], rows: (string | number)[][]) => {
  lines.push(`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`);
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  lines.push("");
};
const ratio = (value: number, base: number | undefined) =>
  base === undefined || base === 0 ? "" : `${(value / base).toFixed(2)}×`;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

lines.push(
  `Measured ${results.meta.startedAt} on ${results.meta.cpus} cores, Node ${results.meta.node}, commit ${results.meta.commit}; ` +
    `load average at start ${(results.meta.loadAtStart as number[]).join(" ")}, at end ${(results.meta.loadAtEnd as number[]).join(" ")}; ` +
    `${results.meta.seconds} s in all. HTTP: autocannon, ${http.connections} connections, ${http.warmupSeconds} s warm-up + ${http.seconds} s per server.`,
  "",
);
if (results.providers.length > 0) {
  lines.push(
    `**1b. Light route** (\`GET /providers\`; Better Auth's own \`GET /api/auth/ok\`), ${http.rounds} rounds of ${http.seconds} s per server, loaded in turn`,
    "",
  );
  const rateOf = (server: string) =>
    results.providers.find((row) => row.server === server)?.requestsPerSecond;
  const bare = rateOf("bare node:http");
  const hono = rateOf("Hono (@hono/node-server)");
  table(
    ["server", "req/s", "p50 ms", "p99 ms", "× bare", "× Hono", "failed", "load1"],
    results.providers.map((row) => [
      row.server,
      row.requestsPerSecond,
      row.p50Ms,
      row.p99Ms,
      ratio(row.requestsPerSecond, bare),
      ratio(row.requestsPerSecond, hono),
      row.failed,
      row.load1,
    ]),
  );
  lines.push(
    `Kit ÷ Hono in each round: ${results.kitOverHono.map((value) => `${value.toFixed(2)}×`).join(", ")}.`,
    "",
  );
}
if (results.list.length > 0) {
  lines.push(
    "**1a / 5. `GET /connections`**: the kit vs bare node:http (same SQL, same driver, same JSON)",
    "",
  );
  const rows: (string | number)[][] = [];
  for (let i = 0; i + 1 < results.list.length; i += 2) {
    const bare = results.list[i] as LoadRow;
    const kit = results.list[i + 1] as LoadRow;
    rows.push([
      bare.db,
      bare.connections ?? "",
      `${bare.requestsPerSecond} / ${bare.p50Ms} / ${bare.p99Ms}`,
      `${kit.requestsPerSecond} / ${kit.p50Ms} / ${kit.p99Ms}`,
      ratio(kit.requestsPerSecond, bare.requestsPerSecond),
      bare.failed + kit.failed,
      `${bare.load1} / ${kit.load1}`,
    ]);
  }
  table(
    [
      "db",
      "connections listed",
      "bare req/s / p50 / p99 ms",
      "kit req/s / p50 / p99 ms",
      "kit ÷ bare",
      "failed",
      "load1 (bare / kit)",
    ],
    rows,
  );
}
if (results.oauth.length > 0) {
  lines.push("**2. OAuth callback**, server-side time (the fake provider's own time excluded)", "");
  table(
    ["db", "callbacks", "server p50 ms", "server p99 ms", "total p50 ms", "fake p50 ms", "load1"],
    results.oauth.map((row) => [
      row.db,
      row.callbacks,
      row.serverP50Ms,
      row.serverP99Ms,
      row.totalP50Ms,
      row.fakeP50Ms,
      row.load1,
    ]),
  );
}
if (results.sync.length > 0) {
  lines.push(
    "**3 / 5. Sync throughput**, fake Google over HTTP (20 ms latency, 10 requests/s per account); floor = the same writes from a client with no database and no kit",
    "",
  );
  table(
    [
      "db",
      "connections",
      "jobs",
      "workers × concurrency",
      "seconds",
      "events/s",
      "floor/s",
      "of floor",
      "ideal/s",
      "of ideal",
      "429s",
      "API requests",
      "duplicates",
      "losses",
      "jobs left",
      "load1",
    ],
    results.sync.map((row) => [
      row.db,
      row.connections,
      row.jobs,
      `${row.workers} × ${row.concurrencyPerWorker}`,
      row.seconds,
      row.eventsPerSecond,
      row.floorFailed > 0 ? `${row.floorPerSecond} (${row.floorFailed} failed)` : row.floorPerSecond,
      `${Math.round(row.ofFloor * 100)}%`,
      row.idealPerSecond,
      `${Math.round(row.ofIdeal * 100)}%`,
      row.rateLimited429,
      row.apiRequests,
      row.duplicates,
      row.losses,
      row.unfinishedJobs,
      row.load1,
    ]),
  );
}
if (results.skew.length > 0) {
  lines.push(
    "**3b. Fairness**: 100 connections, one of them holding the given share of the jobs (enqueued first); fake Google, 20 ms latency, no account limit",
    "",
  );
  table(
    [
      "db",
      "jobs",
      "busy share",
      "workers × concurrency",
      "seconds",
      "others done after s",
      "others ÷ total",
      "events/s",
      "duplicates",
      "losses",
      "jobs left",
      "load1",
    ],
    results.skew.map((row) => [
      row.db,
      row.jobs,
      `${Math.round(row.busyShare * 100)}%`,
      `${row.workers} × ${row.concurrencyPerWorker}`,
      row.seconds,
      row.othersDoneSeconds ?? "",
      row.othersDoneSeconds === null ? "" : `${Math.round((row.othersDoneSeconds / row.seconds) * 100)}%`,
      row.eventsPerSecond,
      row.duplicates,
      row.losses,
      row.unfinishedJobs,
      row.load1,
    ]),
  );
}
if (results.backfill.length > 0) {
  lines.push(
    "**6. Backfill**, one calendar per provider, fakes over HTTP (20 ms latency per request, no rate limit), one worker on PostgreSQL; batched = Google's batch endpoint (50 calls) / Graph's $batch (20), measured in the same run",
    "",
  );
  table(
    [
      "provider",
      "mode",
      "events",
      "seconds",
      "events/s",
      "speed-up",
      "HTTP requests",
      "batch requests",
      "duplicates",
      "losses",
      "jobs left",
      "load1",
    ],
    results.backfill.map((row) => [
      row.provider,
      row.mode,
      row.events,
      row.seconds,
      row.eventsPerSecond,
      `${row.speedUp}×`,
      row.httpRequests,
      row.batchRequests,
      row.duplicates,
      row.losses,
      row.jobsLeft,
      row.load1,
    ]),
  );
}
if (results.ui.length > 0) {
  lines.push("**4. UI weight** (esbuild, minified, gzip -9)", "");
  table(
    ["bundle", "gzip", "minified", "note"],
    results.ui.map((row) => [row.item, kB(row.gzip), kB(row.minified), row.note]),
  );
}

const text = lines.join("\n");
console.log(text);
save();
writeFileSync(join(reports, "bench.md"), `${text}\n`);
log(`wrote ${join(reports, "bench.json")} and bench.md`);
process.exit(0);
