import { ERROR_CODE_LIST } from "@org/calendar-connections-core";
import {
  type CalendarProvider,
  caldav,
  createCalendarConnections,
  createMemoryStorage,
  fastmail,
  google,
  googleServiceAccount,
  icloud,
  icsFeed,
  loadTokenKeyring,
  microsoft,
  nextcloud,
} from "@org/calendar-connections-server";
import { describe, expect, it } from "vitest";
import { readGuide, section } from "./guides.ts";

// Every provider the server ships, so the routes any of them adds are in the list.
const builtInProviders: readonly CalendarProvider[] = [
  google({ clientId: "docs", clientSecret: "docs" }),
  microsoft({ clientId: "docs", clientSecret: "docs" }),
  icsFeed(),
  googleServiceAccount({
    key: {
      client_email: "docs@example.test",
      private_key: "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
    },
    subject: null,
    calendars: {},
  }),
  icloud(),
  fastmail(),
  nextcloud(),
  caldav(),
];

/** What the handler answers: the kit's own routes and the built-in providers', as `METHOD /pattern`. */
async function answeredRoutes(): Promise<string[]> {
  const kit = createCalendarConnections({
    storage: createMemoryStorage(),
    keyring: await loadTokenKeyring({ CALENDAR_TOKEN_KEYS: `k1:${btoa("k".repeat(32))}` }),
    providers: builtInProviders,
    authorize: () => null,
    publicBaseURL: "https://app.example.test",
    getEvent: async () => null,
    listEvents: async () => [],
  });
  return kit.routes.map((route) => `${route.method} ${route.pattern}`);
}

/** The routes the HTTP API guide describes: its headings of the form ``### `METHOD /pattern` ``. */
function documentedRoutes(guide: string): string[] {
  return [...guide.matchAll(/^#{2,4} `(GET|POST|PATCH|DELETE|PUT) (\/[^`\s]*)`\s*$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

describe("the HTTP API guide", () => {
  const guide = readGuide("http-api.md");

  it("describes every route the handler answers, each under a heading of its own", async () => {
    const routes = await answeredRoutes();
    // The kit's core routes alone are 17; a list that small would mean the kit was not built right.
    expect(routes.length).toBeGreaterThanOrEqual(17);
    expect(routes.filter((route) => !documentedRoutes(guide).includes(route))).toEqual([]);
  });

  it("describes no route the handler does not answer", async () => {
    const routes = await answeredRoutes();
    expect(documentedRoutes(guide).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it("describes each route once", () => {
    const documented = documentedRoutes(guide);
    expect(documented.filter((route, index) => documented.indexOf(route) !== index)).toEqual([]);
  });

  it("lists every error code of the contract with its status", () => {
    const errors = section(guide, "Conventions") ?? "";
    expect(ERROR_CODE_LIST.filter((code) => !errors.includes(`| \`${code}\``))).toEqual([]);
  });
});
