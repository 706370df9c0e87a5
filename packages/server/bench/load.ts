// The load generator, in a process of its own: autocannon against one URL on loopback, a warm-up and then a
// measured run, both bounded in time and in request count. Sends { type: "result", ... }.
import autocannon from "autocannon";

export interface LoadConfig {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** A cap on requests per run, whichever of the cap and the duration comes first. */
  readonly maxRequests: number;
}

export interface LoadResult {
  readonly type: "result";
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;

function run(seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: config.url,
    headers: config.headers,
    connections: config.connections,
    pipelining: 1,
    duration: seconds,
    maxOverallRequests: config.maxRequests,
    timeout: 10,
  });
}

if (config.warmupSeconds > 0) await run(config.warmupSeconds);
const result = await run(config.seconds);
const seconds = Math.max(
  0.001,
  (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000,
);
const message: LoadResult = {
  type: "result",
  requestsPerSecond: Math.round(result.requests.total / seconds),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
};
process.send?.(message, () => process.exit(0));
