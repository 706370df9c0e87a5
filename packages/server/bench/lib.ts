// Shared pieces of `pnpm bench`: constants, the host's session check, seeding, child processes, statistics.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTokenKeys } from "../src/crypto/keyring.ts";
import type { HostEvent } from "../src/events/types.ts";
import { type CalendarConnections, createCalendarConnections } from "../src/handler/create.ts";
import type { Actor, CalendarConnectionsOptions } from "../src/handler/options.ts";
import { describeProvider } from "../src/handler/providers-op.ts";
import type { CalendarProvider } from "../src/providers/define.ts";
import { type GoogleOptions, google as googleCalendar } from "../src/providers/google/index.ts";
import { icsFeed } from "../src/providers/ics/index.ts";
import { newId } from "../src/storage/ids.ts";
import type { CalendarStorage } from "../src/storage/types.ts";
import { testDatabaseUrl } from "../src/testing/postgres.support.ts";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = resolve(BENCH_DIR, "..");
export const BASE = "/api/calendar-connections";
export const PUBLIC_BASE_URL = "http://127.0.0.1";
export const ORG = "org_bench";
export const TOKEN_KEYS = `k1:${Buffer.alloc(32, 7).toString("base64")}`;
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? testDatabaseUrl(process.env);
export const REDIRECT_URI = `${PUBLIC_BASE_URL}${BASE}/oauth/google/callback`;

/** The cookie of an admin of `organizationId` (the host's session, as simple as a session can be). */
export const sessionCookie = (organizationId: string): string => `session=${organizationId}`;

const SESSION = /(?:^|;\s*)session=([\w-]+)/;

/** The organization a request's session cookie names, or null: the one session check every server runs. */
export function sessionOrganization(cookie: string | null | undefined): string | null {
  return SESSION.exec(cookie ?? "")?.[1] ?? null;
}

/** The kit's `authorize`: the cookie's organization, as its admin. */
export function benchAuthorize(request: Request): Actor | null {
  const organizationId = sessionOrganization(request.headers.get("cookie"));
  return organizationId === null
    ? null
    : { userId: `admin_${organizationId}`, organizationId, role: "admin" };
}

/**
 * The kit as every benchmark wires it: Google configured (at `endpoints`, through `fetch`), the bench session,
 * the bench key; `overrides` for the rest.
 */
export async function createBenchKit(
  storage: CalendarStorage,
  google: Pick<GoogleOptions, "endpoints" | "fetch">,
  overrides: Partial<CalendarConnectionsOptions> = {},
): Promise<CalendarConnections> {
  return createCalendarConnections({
    storage,
    keyring: await parseTokenKeys(TOKEN_KEYS),
    providers: benchProviders(google),
    authorize: benchAuthorize,
    publicBaseURL: PUBLIC_BASE_URL,
    getEvent: async () => null,
    ...overrides,
  });
}

/** The providers every benchmark passes: Google (at the given endpoints) and the ICS feed. */
function benchProviders(google: Pick<GoogleOptions, "endpoints" | "fetch">): CalendarProvider[] {
  return [
    googleCalendar({
      clientId: "bench-client",
      clientSecret: "bench-secret",
      redirectURI: REDIRECT_URI,
      ...google,
    }),
    icsFeed(),
  ];
}

/** `GET /providers` as the kit answers it (Google and the ICS feed), built once for the servers that are not the kit. */
export function providersBody(): unknown {
  return {
    providers: benchProviders({}).map((provider) => ({
      ...describeProvider(provider, null),
      configured: true,
      enabled: true,
    })),
  };
}

/** The kit's list query, word for word, for the hand-written servers. */
export const LIST_SQL =
  "SELECT * FROM calendar_connection WHERE organization_id = ? AND status <> 'disconnected' ORDER BY created_at, id";

const iso = (value: unknown): string | null =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value.toISOString()
      : new Date(String(value)).toISOString();

/** A `calendar_connection` row as the API's `Connection`, written the way a hand-written handler would. */
export function rowToConnection(row: Record<string, unknown>): unknown {
  const scopes = typeof row.scopes === "string" ? JSON.parse(row.scopes) : row.scopes;
  return {
    id: row.id,
    organizationId: row.organization_id,
    provider: row.provider,
    status: row.status,
    health: row.health_reason
      ? {
          reason: row.health_reason,
          message: row.health_message ?? "",
          retryAt: iso(row.health_retry_at),
        }
      : null,
    accountEmail: row.account_email ?? null,
    calendarId: row.calendar_id ?? null,
    calendarName: row.calendar_name ?? null,
    scopes,
    lastSyncedAt: iso(row.last_synced_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    createdBy: row.created_by ?? null,
    disconnectedAt: iso(row.disconnected_at),
    disconnectRequestedAt: iso(row.disconnect_requested_at),
    // The bench host resolves no user names (no `resolveUser`).
    createdByName: null,
  };
}

/** A credentials envelope of a realistic size (an OAuth pair as JSON, sealed); listing never decrypts it. */
const fakeCiphertext = (): string =>
  `v2.k1.${randomBytes(12).toString("base64url")}.${randomBytes(380).toString("base64url")}`;

/**
 * Seeds `count` Google connections in one organization through the storage's own insert. They are
 * inserted non-exclusive, so one organization can hold them all (a real Google connection is one per
 * organization); `afterInsert` then writes what the insert does not take, such as `last_synced_at`.
 */
export async function seedConnections(
  storage: CalendarStorage,
  count: number,
  afterInsert: (id: string, lastSyncedAt: Date) => Promise<void>,
  organizationId = ORG,
): Promise<void> {
  const start = Date.now() - count * 60_000;
  for (let i = 0; i < count; i++) {
    const id = newId(start + i * 60_000);
    const unhealthy = i % 5 === 4;
    await storage.createConnection({
      id,
      organizationId,
      userId: `user_${i}`,
      provider: "google",
      exclusive: false,
      externalAccountId: `sub-${i}`,
      accountEmail: `user${i}@acme.test`,
      calendarId: `team-${i}@group.calendar.google.com`,
      calendarName: `Team ${i}`,
      status: unhealthy ? "error" : "active",
      health: unhealthy
        ? {
            reason: "rate_limited",
            message: "The calendar provider is limiting requests; the kit keeps retrying.",
            retryAt: new Date(start + i * 60_000 + 30_000),
          }
        : null,
      scopes: ["openid", "email", "https://www.googleapis.com/auth/calendar"],
      tokens: {
        credentialsKind: "oauth",
        credentialsCiphertext: fakeCiphertext(),
        tokenExpiresAt: new Date(Date.now() + 3_600_000),
        keyId: "k1",
      },
      createdBy: `admin_${organizationId}`,
    });
    await afterInsert(id, new Date(start + i * 60_000 + 45_000));
  }
}

/** The host's event behind a sync job: derived from its id, so every worker process sees the same one. */
export function syntheticEvent(eventId: string): HostEvent {
  const n = Number(/\d+$/.exec(eventId)?.[0] ?? 0);
  const start = new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + n * 3_600_000);
  return {
    title: `Bench event ${eventId}`,
    description: "Written by pnpm bench.",
    start,
    end: new Date(start.getTime() + 1_800_000),
    timeZone: "Europe/Berlin",
  };
}

// --- child processes ------------------------------------------------------------------------------

export interface Child<Message> {
  readonly process: ChildProcess;
  /** The next message that satisfies `accept` (rejects when the child exits first or the wait times out). */
  next<T extends Message>(accept: (message: Message) => message is T, timeoutMs?: number): Promise<T>;
  send(message: unknown): void;
  /** Ends the child (SIGTERM, then SIGKILL after 3 s) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts `bench/<script>` in its own Node process (TypeScript through tsx, workspace sources through the
 * `source` condition). The child is killed after `lifetimeMs` whatever happens.
 */
export function startChild<Message>(
  script: string,
  args: readonly string[],
  lifetimeMs: number,
): Child<Message> {
  const child = fork(join(BENCH_DIR, script), [...args], {
    cwd: PACKAGE_DIR,
    execArgv: ["--import", "tsx", "--conditions=source"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), lifetimeMs);
  killer.unref();
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  void exited.then(() => clearTimeout(killer));
  const queue: Message[] = [];
  const waiters = new Set<() => void>();
  child.on("message", (message) => {
    queue.push(message as Message);
    for (const wake of waiters) wake();
  });
  return {
    process: child,
    next(accept, timeoutMs = 60_000) {
      return new Promise((resolveNext, reject) => {
        const check = (): boolean => {
          const index = queue.findIndex(accept);
          if (index === -1) return false;
          const [message] = queue.splice(index, 1);
          finish();
          resolveNext(message as never);
          return true;
        };
        const onExit = () => {
          if (check()) return;
          finish();
          reject(new Error(`${script} exited (code ${child.exitCode}) before answering`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${script} did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          child.off("exit", onExit);
        };
        const wake = () => void check();
        if (check()) return;
        waiters.add(wake);
        child.once("exit", onExit);
      });
    },
    send(message) {
      if (child.connected) child.send(message as never);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const hard = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(hard);
    },
  };
}

// --- numbers ------------------------------------------------------------------------------------

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** The 1-minute load average, for the record of how busy the machine was. */
export const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A number from the environment (bench knobs such as BENCH_HTTP_SECONDS), or the default. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
