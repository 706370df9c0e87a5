import { describe, expect, it } from "vitest";
import { regexes } from "zod/v4/core";
import { Connection, ConnectionList } from "../connection.ts";
import { Problem } from "../problem.ts";
import { ProviderList } from "../provider.ts";
import { OAuthReturn } from "../responses.ts";
import { SyncActivity } from "../sync.ts";
import {
  ConnectionCheck,
  ConnectionListCheck,
  OAuthReturnCheck,
  ProblemCheck,
  ProviderListCheck,
  SyncActivityCheck,
  TIMESTAMP_PATTERN,
} from "./answers.ts";
import type { AnswerCheck } from "./readers.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const connection = {
  id: "conn_1",
  organizationId: "org_1",
  provider: "google",
  status: "error",
  health: {
    reason: "rate_limited",
    message: "Slow down",
    retryAt: "2026-02-28T10:00:00.5+01:00",
    fromProvider: true,
  },
  accountEmail: "a@example.com",
  calendarId: "primary",
  calendarName: "Team",
  scopes: ["calendar", "email"],
  lastSyncedAt: null,
  createdAt: "2024-02-29T08:00:00Z",
  updatedAt: "2026-01-01T00:00:00.123Z",
  createdBy: "user_1",
  createdByName: null,
  disconnectedAt: null,
  disconnectRequestedAt: "2026-01-01T00:00:00Z",
} satisfies Json;

const providers: Json = {
  providers: [
    {
      id: "google",
      name: "Google Calendar",
      description: "",
      capabilities: { calendarPicker: true, multiplePerOrganization: false, writesEvents: true },
      icon: { type: "key", key: "google" },
      connect: { kind: "oauth" },
      configured: true,
      enabled: true,
    },
    {
      id: "caldav",
      name: "CalDAV",
      description: "Any CalDAV server",
      capabilities: { calendarPicker: true, multiplePerOrganization: true, writesEvents: true },
      icon: { type: "svg", svg: "<svg/>" },
      connect: {
        kind: "form",
        submitLabel: "Connect",
        fields: [
          {
            name: "server_url",
            label: "Server",
            type: "url",
            required: true,
            help: "Where",
            placeholder: "https://",
            maxLength: 2048,
            autoComplete: "url",
            defaultValue: "https://example.com",
          },
          {
            name: "kind",
            label: "Kind",
            type: "select",
            required: false,
            options: [{ value: "a", label: "A" }],
          },
        ],
      },
      configured: false,
      enabled: true,
    },
    {
      id: "ics-feed",
      name: "ICS feed",
      description: "A link",
      capabilities: { calendarPicker: false, multiplePerOrganization: true, writesEvents: false },
      icon: { type: "key", key: "ics" },
      connect: { kind: "instant", actionLabel: "Create feed link" },
      configured: true,
      enabled: false,
    },
  ],
};

const problem: Json = {
  type: "https://example.com/problems/validation_failed",
  title: "Invalid",
  status: 422,
  detail: "Wrong",
  instance: "/connections",
  code: "validation_failed",
  errors: [{ path: "input.server_url", message: "Required" }],
  retryAt: "2026-01-01T00:00:00Z",
};

const activity: Json = {
  counts: { synced: 3, waiting: 0, failing: 1, moving: 2 },
  lastError: { message: "Denied", reason: "token_revoked", at: "2026-01-01T00:00:00Z" },
  failing: [
    {
      eventId: "evt_1",
      title: null,
      status: "failed",
      attempts: 5,
      lastError: "Gone",
      lastFailedAt: "2026-01-01T00:00:00Z",
      nextAttemptAt: null,
    },
  ],
  nextCursor: "c2",
};

/** Values that probe each kind of rule: types, lengths, bounds, enums, patterns and dates. */
const PROBES: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  400,
  599,
  600,
  2 ** 53,
  "",
  "x",
  "Z".repeat(65),
  "x".repeat(20_000),
  "google",
  "Google",
  "9lives",
  "active",
  "oauth",
  "key",
  "connected",
  "error",
  "oauth_denied",
  "retrying",
  "token_revoked",
  "not_found",
  "2024-02-29T08:00:00Z",
  "2023-02-29T08:00:00Z",
  "2026-01-01T24:00:00Z",
  "2026-01-01T10:00Z",
  "2026-01-01T10:00:00+14:60",
  "2026-01-01T10:00:00",
  "2026-01-01",
  [],
  ["x"],
  {},
  { type: "svg", svg: "" },
  { kind: "form", fields: [] },
];

/** Every value reachable in `value`, with the path to it. */
function* paths(value: Json, path: (string | number)[] = []): Generator<(string | number)[]> {
  if (path.length > 0) yield path;
  if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* paths(item, [...path, index]);
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) yield* paths(item, [...path, key]);
}

/** A copy of `value` with the value at `path` replaced (or its key removed when `next` is undefined). */
function changed(value: Json, path: (string | number)[], next: Json | undefined): Json {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (next === undefined && Array.isArray(parent)) parent.splice(last as number, 1);
  else if (next === undefined) delete parent[last];
  else parent[last] = next;
  return copy;
}

/** Every one-change variant of `body`: each value removed or replaced by each probe, and an unknown key added. */
function* variants(body: Json): Generator<Json> {
  yield body;
  for (const path of paths(body)) {
    yield changed(body, path, undefined);
    for (const probe of PROBES) yield changed(body, path, probe);
  }
  yield { ...(body as object), extra: 1 };
  for (const path of paths(body)) {
    const inner = path.reduce<Json>(
      (value, step) => (value as Record<string | number, Json>)[step] as Json,
      body,
    );
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner))
      yield changed(body, [...path, "extra"], 1);
  }
}

interface ZodLike {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

function expectSameVerdicts(light: AnswerCheck<unknown>, zod: ZodLike, body: Json): number {
  let accepted = 0;
  for (const variant of variants(body)) {
    const expected = zod.safeParse(variant);
    const actual = light.safeParse(variant);
    expect({ variant, success: actual.success }).toEqual({ variant, success: expected.success });
    if (actual.success && expected.success) {
      accepted += 1;
      expect(actual.data).toStrictEqual(expected.data);
    }
  }
  return accepted;
}

describe("light answer checks", () => {
  it("use zod's own date-time pattern", () => {
    expect(TIMESTAMP_PATTERN.source).toBe(regexes.datetime({ offset: true }).source);
  });

  it("accept and refuse a provider list exactly as its zod schema does", () => {
    expect(expectSameVerdicts(ProviderListCheck, ProviderList, providers)).toBeGreaterThan(50);
  });

  it("accept and refuse connections exactly as their zod schemas do", () => {
    expect(expectSameVerdicts(ConnectionCheck, Connection, connection)).toBeGreaterThan(50);
    const list = { connections: [connection, { ...connection, health: null, createdByName: "Ada" }] };
    expect(expectSameVerdicts(ConnectionListCheck, ConnectionList, list)).toBeGreaterThan(50);
  });

  it("accept and refuse a problem exactly as its zod schema does", () => {
    expect(expectSameVerdicts(ProblemCheck, Problem, problem)).toBeGreaterThan(20);
  });

  it("accept and refuse the OAuth return exactly as its zod schema does", () => {
    expectSameVerdicts(OAuthReturnCheck, OAuthReturn, {
      calendarConnection: "connected",
      connectionId: "c1",
    });
    expectSameVerdicts(OAuthReturnCheck, OAuthReturn, { calendarConnection: "error", code: "oauth_denied" });
  });

  it("accept and refuse sync activity exactly as its zod schema does", () => {
    expect(expectSameVerdicts(SyncActivityCheck, SyncActivity, activity)).toBeGreaterThan(20);
  });

  it("refuse what is not an object at all", () => {
    for (const body of [undefined, "x", [connection], 1]) {
      expect(ConnectionCheck.safeParse(body).success).toBe(false);
      expect(Connection.safeParse(body).success).toBe(false);
    }
  });
});
