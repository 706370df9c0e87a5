// Item 3 of the security round: no secret of a request reaches a log line, an answer or a header,
// on every route the handler has (the kit's and the providers', read from its route table), while
// the storage or the host's `listEvents` is broken.

import { PROBLEM_CONTENT_TYPE, Problem } from "@org/calendar-connections-core";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { HostEventWithId } from "../events/types.ts";
import { ApiError } from "../http/api-error.ts";
import type { CalendarProvider } from "../providers/define.ts";
import { defineCalendarProvider } from "../providers/define-provider.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage } from "../storage/types.ts";
import type { CalendarConnectionsRoute } from "./create.ts";
import { APP, BASE, createHarness, type Harness } from "./harness.support.ts";
import type { Actor } from "./options.ts";

type Fault = "storage" | "listEvents";

const randomSecret = (): string => encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));

/** Memory storage in which, once `faults.storage` is set, every method throws like a driver that echoes its query. */
function breakableStorage(backing: CalendarStorage, faults: Set<Fault>): CalendarStorage {
  return new Proxy(backing, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        if (faults.has("storage")) {
          throw new Error(`connection terminated: ${String(property)} params: ${JSON.stringify(args)}`);
        }
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/** A host's provider with an app password and a public route whose path is its credential (a webhook). */
function vault(): CalendarProvider<"vault"> {
  return defineCalendarProvider({
    id: "vault",
    name: "Vault Calendar",
    description: "A host's provider with an app password.",
    icon: { type: "key", key: "vault" },
    connect: {
      kind: "form",
      fields: [{ name: "appPassword", label: "App password", type: "secret" }],
      schema: z.object({ appPassword: z.string() }),
      async verify(input) {
        return {
          identity: { accountId: "vault-account", email: "ops@acme.test" },
          secrets: { appPassword: input.appPassword },
        };
      },
    },
    routes: [
      {
        method: "POST",
        pattern: "/vault/hooks/:token",
        access: "public",
        async handle({ services }, params) {
          const known = await services.storage.findConnectionByFeedTokenHash(
            services.hashSecret(params.token ?? ""),
          );
          if (known === null) throw new ApiError("not_found");
          return new Response(null, { status: 204 });
        },
      },
    ],
  });
}

interface World {
  readonly h: Harness;
  readonly faults: Set<Fault>;
  /** Every secret in play, by name: what no log line, answer or header may carry. */
  secrets(): Record<string, string>;
  /** Values for each `:name` of a route pattern, each with what it is. */
  readonly params: Readonly<Record<string, readonly (readonly [label: string, value: string])[]>>;
  readonly appPassword: string;
  /** A request as the signed-in admin's browser sends it, carrying every credential it has. */
  send(method: string, path: string, body?: unknown): Promise<Response>;
}

interface OAuthRound {
  readonly binding: string;
  readonly callbackURL: URL;
}

/**
 * A harness with realistic secrets in place: a secret session cookie, a connected Google account, an
 * ICS feed, an app-password connection, and a started OAuth round whose code and state are still live.
 */
async function createWorld(): Promise<World> {
  const faults = new Set<Fault>();
  const session = randomSecret();
  const cronSecret = randomSecret();
  const appPassword = `pw-${randomSecret()}`;
  const webhookToken = randomSecret();
  let clock = (): Date => new Date();
  const storage = breakableStorage(createMemoryStorage({ now: () => clock() }), faults);
  const events: HostEventWithId[] = [
    {
      id: "evt_1",
      title: "Board review",
      start: new Date("2026-12-01T09:00:00Z"),
      end: new Date("2026-12-01T10:00:00Z"),
    },
  ];
  const authorize = (request: Request): Actor | null =>
    (request.headers.get("cookie") ?? "").includes(`host_session=${session}`)
      ? { userId: "user_alice", organizationId: "org_acme", role: "admin" }
      : null;
  const h = await createHarness(
    {
      storage,
      authorize,
      cronSecret,
      listEvents: async () => {
        if (faults.has("listEvents")) throw new Error("events service timed out");
        return events;
      },
    },
    { extraProviders: [vault()] },
  );
  clock = () => new Date(h.clock.now());
  let round: OAuthRound | null = null;

  async function send(method: string, path: string, body?: unknown): Promise<Response> {
    const url = new URL(path.startsWith("http") ? path : `${APP}${BASE}${path}`);
    if (round !== null) {
      for (const name of ["code", "state"]) {
        url.searchParams.set(name, round.callbackURL.searchParams.get(name) ?? "");
      }
    }
    const headers = new Headers({
      cookie: `host_session=${session}${round === null ? "" : `; cc_oauth_binding=${round.binding}`}`,
      authorization: `Bearer ${cronSecret}`,
      origin: APP,
    });
    if (body !== undefined) headers.set("content-type", "application/json");
    return h.kit.handler(
      new Request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    );
  }

  async function startGoogle(): Promise<OAuthRound> {
    const started = await send("POST", "/oauth/google/start", {});
    const binding = /cc_oauth_binding=([\w-]+)/.exec(started.headers.get("set-cookie") ?? "")?.[1] ?? "";
    const { authorizationURL } = (await started.json()) as { authorizationURL: string };
    return { binding, callbackURL: await h.google.consent(authorizationURL, { email: "alice@acme.test" }) };
  }

  // A finished round: the Google connection the :id routes act on.
  round = await startGoogle();
  const connected = await send("GET", round.callbackURL.toString());
  const googleId = new URL(connected.headers.get("location") ?? APP).searchParams.get("connectionId") ?? "";
  const first = round;
  const feed = (await (await send("POST", "/connections", { provider: "ics" })).json()) as {
    connection: { id: string };
    feedUrl: string;
  };
  const feedToken = /\/feeds\/([\w-]+)\.ics$/.exec(feed.feedUrl)?.[1] ?? "";
  const form = (await (
    await send("POST", "/connections", { provider: "vault", input: { appPassword } })
  ).json()) as { connection: { id: string } };
  // A second round, left open: its code, state and binding cookie are live credentials.
  round = await startGoogle();
  const open = round;
  expect([googleId, feed.connection.id, form.connection.id, feedToken].every((value) => value !== "")).toBe(
    true,
  );
  h.logs.splice(0);

  return {
    h,
    faults,
    appPassword,
    params: {
      id: [
        ["Google connection", googleId],
        ["feed connection", feed.connection.id],
        ["app-password connection", form.connection.id],
      ],
      provider: [["Google", "google"]],
      eventId: [["a synced event", "evt_secret"]],
      file: [["valid feed token", `${feedToken}.ics`]],
      token: [["valid webhook token", webhookToken]],
    },
    secrets: () => ({
      session,
      cronSecret,
      appPassword,
      webhookToken,
      feedToken,
      usedCode: first.callbackURL.searchParams.get("code") ?? "",
      usedState: first.callbackURL.searchParams.get("state") ?? "",
      code: open.callbackURL.searchParams.get("code") ?? "",
      state: open.callbackURL.searchParams.get("state") ?? "",
      binding: open.binding,
      googleClientSecret: "secret-1",
      microsoftClientSecret: "ms-secret-1",
      ...Object.fromEntries(
        h.google
          .inspect()
          .grants.flatMap((grant) => [
            ...grant.accessTokens,
            ...grant.refreshTokens.map((entry) => entry.token),
          ])
          .map((token, index) => [`googleToken${index}`, token]),
      ),
    }),
    send,
  };
}

/** The bodies each route is driven with; a route not named here gets `{}` (POST, PATCH) or none. */
function bodiesFor(route: CalendarConnectionsRoute, world: World): readonly unknown[] {
  const key = `${route.method} ${route.pattern}`;
  if (key === "POST /connections")
    return [{ provider: "ics" }, { provider: "vault", input: { appPassword: world.appPassword } }];
  if (key === "PATCH /connections/:id") return [{ calendarId: "primary" }];
  if (key === "POST /oauth/:provider/start") return [{ returnTo: "/admin/calendars" }];
  return route.method === "POST" || route.method === "PATCH" ? [{}] : [undefined];
}

interface ConcretePath {
  readonly path: string;
  /** What the parameters are, for the test's name. */
  readonly labels: readonly string[];
}

/** Every concrete path of a pattern, one per combination of the world's parameter values. */
function pathsFor(pattern: string, world: World): ConcretePath[] {
  let paths: ConcretePath[] = [{ path: "", labels: [] }];
  for (const segment of pattern.split("/").slice(1)) {
    let values: readonly (readonly [string, string])[] = [["", segment]];
    if (segment.startsWith(":")) {
      const known = world.params[segment.slice(1)];
      // A new route with a new parameter must say which secret-bearing value it is driven with.
      if (known === undefined)
        throw new Error(`no test value for ${segment} in ${pattern}: add one to params`);
      values = known;
    }
    paths = paths.flatMap(({ path, labels }) =>
      values.map(([label, value]) => ({
        path: `${path}/${encodeURIComponent(value)}`,
        labels: label === "" ? labels : [...labels, label],
      })),
    );
  }
  return paths;
}

interface Case {
  readonly route: CalendarConnectionsRoute;
  readonly index: number;
  readonly name: string;
}

// The route table, read from a kit the way the tests below build it: a route added anywhere is driven.
const table = await createWorld();
const cases: Case[] = table.h.kit.routes.flatMap((route) => {
  const bodies = bodiesFor(route, table);
  return pathsFor(route.pattern, table).flatMap(({ labels }, pathIndex) =>
    bodies.map((body, bodyIndex) => {
      // The body's provider names the case; the body itself carries a secret.
      const provider = (body as { provider?: string } | undefined)?.provider;
      const described = [...labels, ...(bodies.length > 1 ? [`provider ${provider}`] : [])];
      return {
        route,
        index: pathIndex * bodies.length + bodyIndex,
        name: `${route.method} ${route.pattern}${described.length > 0 ? ` (${described.join(", ")})` : ""}`,
      };
    }),
  );
});

/** The path and body of one case in a fresh world (ids differ from world to world). */
function requestOf(world: World, { route, index }: Case): { path: string; body: unknown } {
  const bodies = bodiesFor(route, world);
  const path = pathsFor(route.pattern, world)[Math.floor(index / bodies.length)]?.path ?? "";
  return { path, body: bodies[index % bodies.length] };
}

function leaks(world: World, texts: readonly string[]): string[] {
  return Object.entries(world.secrets())
    .filter(([, value]) => value !== "" && texts.some((text) => text.includes(value)))
    .map(([name]) => name);
}

describe("no secret leaves through a log line, an answer or a header", () => {
  it("walks a route table that has the kit's and the providers' routes", () => {
    const patterns = table.h.kit.routes.map((route) => `${route.method} ${route.pattern}`);
    expect(patterns).toEqual(
      expect.arrayContaining([
        "GET /feeds/:file",
        "POST /cron/sync",
        "GET /oauth/:provider/callback",
        "POST /vault/hooks/:token",
      ]),
    );
    expect(cases.length).toBeGreaterThan(patterns.length);
  });

  describe.each<[string, Fault]>([
    ["when every storage method throws", "storage"],
    ["when the host's listEvents throws", "listEvents"],
  ])("%s", (_name, fault) => {
    it.each(cases.map((entry) => [entry.name, entry]))("%s", async (_label, entry) => {
      const world = await createWorld();
      const { path, body } = requestOf(world, entry);
      world.faults.add(fault);
      const response = await world.send(entry.route.method, path, body);
      const text = await response.text();
      const headers = JSON.stringify([...response.headers]);
      const context = `${entry.route.method} ${path} → ${response.status}\n${headers}\n${text}\n${world.h.logs.join("\n")}`;

      expect(leaks(world, [text, headers, ...world.h.logs]), context).toEqual([]);
      if (response.status >= 300 && response.status < 400) {
        // Only the OAuth callback redirects (a browser navigation): its outcome rides in the query.
        expect(entry.route.pattern, context).toBe("/oauth/:provider/callback");
        const outcome = new URL(response.headers.get("location") ?? APP).searchParams;
        expect(outcome.get("calendarConnection"), context).toMatch(/^(connected|error)$/);
      } else if (response.status >= 400) {
        expect(response.headers.get("content-type"), context).toBe(PROBLEM_CONTENT_TYPE);
        expect(Problem.safeParse(JSON.parse(text)).success, context).toBe(true);
        // No stack, no driver message, no echo of the request.
        expect(text, context).not.toMatch(/\bat .*:\d+|Error\b|params:|terminated|timed out/);
      }
      for (const line of world.h.logs) {
        const fields = JSON.parse(line) as Record<string, unknown>;
        expect(fields.path, context).toBeUndefined();
        if (fields.message === "unhandled error") expect(fields.route, context).toBe(entry.route.pattern);
      }
    });
  });

  it("serves a broken feed as a 500 problem that names the route, not the feed's token", async () => {
    for (const fault of ["storage", "listEvents"] as const) {
      const world = await createWorld();
      world.faults.add(fault);
      const [[, file] = ["", ""]] = world.params.file ?? [];
      const response = await world.send("GET", `/feeds/${file}`);
      expect(response.status).toBe(500);
      expect((await response.json()) as unknown).toMatchObject({ code: "internal_error" });
      const logged = world.h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toEqual([
        expect.objectContaining({ message: "unhandled error", route: "/feeds/:file" }),
      ]);
      expect(leaks(world, world.h.logs)).toEqual([]);
    }
  });

  it.each([
    ["a feed path with a trailing segment", (token: string) => `${BASE}/feeds/${token}.ics/more`],
    ["a bare token under the base path", (token: string) => `${BASE}/${token}`],
    ["a token where a connection id goes", (token: string) => `${BASE}/connections/${token}/nope`],
    ["a token outside the base path", (token: string) => `/elsewhere/feeds/${token}.ics`],
  ])("answers %s with a 404 problem that does not echo it, and logs nothing", async (_name, pathOf) => {
    const world = await createWorld();
    world.faults.add("storage");
    const feedToken = world.secrets().feedToken ?? "";
    const response = await world.send("GET", `${APP}${pathOf(feedToken)}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await response.text()).not.toContain(feedToken);
    expect(world.h.logs).toEqual([]);
  });

  it("keeps a credential out of the log when the host's own error message carries one", async () => {
    const h = await createHarness({
      authorize: () => {
        throw new Error(
          "session store down: redis://default:hunter2@cache:6379 password=hunter2 Authorization: Bearer ya29.a0AfH6SMBx",
        );
      },
      cronSecret: "cron-secret-for-tests",
    });
    const response = await h.call("GET", "/connections");
    expect(response.status).toBe(500);
    const everything = [await response.text(), ...h.logs].join("\n");
    expect(everything).not.toContain("hunter2");
    expect(everything).not.toContain("ya29.a0AfH6SMBx");
    expect(h.logs.join("\n")).toContain("session store down");
  });
});
