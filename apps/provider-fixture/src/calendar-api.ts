// The fixture's own calendar service: a resource server the kit has never heard of. Bearer tokens are
// checked at the authorization server's introspection endpoint (RFC 7662), as a real API would; HTTP Basic
// with an app password is the other way in, for the form provider.

import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as z from "zod/mini";

/** A calendar of an account, as the service seeds it. */
export interface AcmeCalendarSeed {
  readonly id: string;
  readonly name: string;
  /** Default false. */
  readonly primary?: boolean;
  /** Default true; a read-only calendar refuses writes with 403. */
  readonly canWrite?: boolean;
}

/** A user of the service. */
export interface AcmeAccount {
  /** The account's stable id: the `sub` of its tokens. */
  readonly id: string;
  readonly email: string;
  /** Accepted with the email as username over HTTP Basic. Without one, Basic is refused. */
  readonly appPassword?: string;
  readonly calendars: readonly AcmeCalendarSeed[];
}

/** How bearer tokens are checked: the introspection endpoint and the API's own credentials there. */
export interface IntrospectionSettings {
  readonly endpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The audience tokens must carry (the API's resource indicator). */
  readonly audience: string;
  /** The scope every route needs. */
  readonly scope: string;
}

export interface CalendarApiOptions {
  readonly accounts: readonly AcmeAccount[];
  readonly introspection: IntrospectionSettings;
}

/** An event as the service stores it. */
export interface StoredEvent {
  readonly accountId: string;
  readonly calendarId: string;
  readonly id: string;
  readonly title: string;
  readonly start: string;
  readonly end: string;
  /** How many times it was written (a create-or-replace counts once per PUT). */
  readonly version: number;
  /** How the last write authenticated. */
  readonly scheme: "Bearer" | "Basic";
}

/** One request the service answered. */
export interface ApiRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The scheme the request offered, whether or not its credentials were accepted. */
  readonly scheme: "Bearer" | "Basic" | null;
}

/** What the service holds and saw, for tests. */
export interface CalendarApiSnapshot {
  readonly events: readonly StoredEvent[];
  readonly requests: readonly ApiRequestRecord[];
}

/** The running service. */
export interface CalendarApi {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  inspect(): CalendarApiSnapshot;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const INTROSPECTION_TIMEOUT_MS = 2_000;

const EventBody = z.object({
  title: z.string().check(z.minLength(1), z.maxLength(1024)),
  start: z.string().check(z.minLength(1)),
  end: z.string().check(z.minLength(1)),
});

const Introspection = z.object({
  active: z.boolean(),
  sub: z.optional(z.string()),
  scope: z.optional(z.string()),
  aud: z.optional(z.union([z.string(), z.array(z.string())])),
});

/** An RFC 7662 introspection answer, the members the API reads. */
export type TokenIntrospection = z.infer<typeof Introspection>;

/** Asks the authorization server about a token (RFC 7662), authenticated with the API's client credentials. */
export async function introspectToken(
  settings: Pick<IntrospectionSettings, "endpoint" | "clientId" | "clientSecret">,
  token: string,
): Promise<TokenIntrospection> {
  const credentials = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString("base64");
  const answer = await fetch(settings.endpoint, {
    method: "POST",
    headers: {
      authorization: `Basic ${credentials}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ token }),
    signal: AbortSignal.timeout(INTROSPECTION_TIMEOUT_MS),
  });
  if (!answer.ok) throw new Error(`introspection answered ${answer.status}`);
  return Introspection.parse(await answer.json());
}

interface Caller {
  readonly account: AcmeAccount;
  readonly scheme: "Bearer" | "Basic";
  /** Whether the credentials carry the calendar scope (app passwords always do). */
  readonly scoped: boolean;
}

/** A refusal with a status, a JSON error body and, for bearer failures, a `WWW-Authenticate` challenge. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly challenge?: string,
  ) {
    super(code);
  }
}

// Constant-time on equal-length digests, so neither the length nor a prefix of the password leaks.
function samePassword(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, "payload_too_large");
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new Refusal(400, "invalid_json");
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === null ? "" : JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    ...(body === null ? {} : { "content-type": "application/json" }),
    "cache-control": "no-store",
  });
  response.end(text);
}

/**
 * Starts the calendar service on 127.0.0.1 (a free port): `GET /me`, `GET /calendars`,
 * `PUT /calendars/:cal/events/:id` (create or replace: 201, then 200) and `DELETE` of the same (204, 404).
 */
export async function startCalendarApi(options: CalendarApiOptions): Promise<CalendarApi> {
  const { introspection } = options;
  const byId = new Map(options.accounts.map((account) => [account.id, account]));
  const byEmail = new Map(options.accounts.map((account) => [account.email.toLowerCase(), account]));
  const events = new Map<string, StoredEvent>();
  const requests: ApiRequestRecord[] = [];
  const bearerChallenge = (error: string): string =>
    `Bearer error="${error}", scope="${introspection.scope}"`;

  async function authenticate(header: string | undefined): Promise<Caller> {
    const [scheme, credentials = ""] = (header ?? "").split(" ", 2);
    if (scheme === "Basic") {
      const decoded = Buffer.from(credentials, "base64").toString("utf8");
      const separator = decoded.indexOf(":");
      const account = byEmail.get(decoded.slice(0, separator).toLowerCase());
      const password = decoded.slice(separator + 1);
      if (
        separator < 0 ||
        account?.appPassword === undefined ||
        !samePassword(password, account.appPassword)
      ) {
        throw new Refusal(401, "invalid_credentials", 'Basic realm="acme"');
      }
      return { account, scheme: "Basic", scoped: true };
    }
    if (scheme !== "Bearer" || credentials === "") {
      throw new Refusal(401, "invalid_token", 'Bearer realm="acme"');
    }
    const token = await introspectToken(introspection, credentials).catch(() => {
      throw new Refusal(503, "introspection_failed");
    });
    const audiences = typeof token.aud === "string" ? [token.aud] : (token.aud ?? []);
    const account = token.sub === undefined ? undefined : byId.get(token.sub);
    if (!token.active || account === undefined || !audiences.includes(introspection.audience)) {
      throw new Refusal(401, "invalid_token", bearerChallenge("invalid_token"));
    }
    return {
      account,
      scheme: "Bearer",
      scoped: (token.scope ?? "").split(" ").includes(introspection.scope),
    };
  }

  function calendarOf(account: AcmeAccount, id: string): AcmeCalendarSeed {
    const calendar = account.calendars.find((candidate) => candidate.id === id);
    if (calendar === undefined) throw new Refusal(404, "calendar_not_found");
    return calendar;
  }

  async function route(request: IncomingMessage, caller: Caller, path: string): Promise<[number, unknown]> {
    const { account } = caller;
    const method = request.method ?? "GET";
    // Who the token belongs to needs no scope, like OpenID userinfo; everything else needs the calendar scope.
    if (method === "GET" && path === "/me") return [200, { id: account.id, email: account.email }];
    if (!caller.scoped) throw new Refusal(403, "insufficient_scope", bearerChallenge("insufficient_scope"));
    if (method === "GET" && path === "/calendars") {
      const calendars = account.calendars.map((calendar) => ({
        id: calendar.id,
        name: calendar.name,
        primary: calendar.primary ?? false,
        canWrite: calendar.canWrite ?? true,
      }));
      return [200, { calendars }];
    }
    const match = /^\/calendars\/([^/]+)\/events\/([^/]+)$/.exec(path);
    if (match === null) throw new Refusal(404, "not_found");
    const calendar = calendarOf(account, decodeURIComponent(match[1] ?? ""));
    const id = decodeURIComponent(match[2] ?? "");
    const key = `${account.id}/${calendar.id}/${id}`;
    const existing = events.get(key);
    if (method === "DELETE") {
      if (existing === undefined) throw new Refusal(404, "event_not_found");
      events.delete(key);
      return [204, null];
    }
    if (method !== "PUT") throw new Refusal(405, "method_not_allowed");
    if (calendar.canWrite === false) throw new Refusal(403, "calendar_read_only");
    const parsed = EventBody.safeParse(await readBody(request));
    if (!parsed.success) throw new Refusal(400, "invalid_event");
    const version = (existing?.version ?? 0) + 1;
    events.set(key, {
      accountId: account.id,
      calendarId: calendar.id,
      id,
      ...parsed.data,
      version,
      scheme: caller.scheme,
    });
    return [existing === undefined ? 201 : 200, { id, etag: `"${version}"` }];
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    let status = 500;
    const offered = (request.headers.authorization ?? "").split(" ", 1)[0];
    const scheme = offered === "Bearer" || offered === "Basic" ? offered : null;
    try {
      const caller = await authenticate(request.headers.authorization);
      const [answered, body] = await route(request, caller, path);
      status = answered;
      send(response, status, body);
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, "internal_error");
      status = refusal.status;
      send(
        response,
        status,
        { error: refusal.code },
        refusal.challenge === undefined ? {} : { "www-authenticate": refusal.challenge },
      );
    } finally {
      requests.push({ method: request.method ?? "GET", path, status, scheme });
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inspect: () => ({ events: [...events.values()], requests: [...requests] }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
