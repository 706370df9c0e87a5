// `@org/calendar-connections-server/development`: offline development against the fake Google and
// Microsoft of `@org/calendar-connections-testing` (an optional peer), served under the kit's base path.
// A subpath of its own, so the root entry never loads the fakes.
import type { FakeAccountSeed } from "@org/calendar-connections-testing/fakes";
import type { DevelopmentFakes } from "../handler/development.ts";
import { googleDevelopmentFake } from "../providers/google/fake.ts";
import { microsoftDevelopmentFake } from "../providers/microsoft/fake.ts";
import { developmentFake } from "./recipe.ts";

/** Options of `developmentFakes`. */
export interface DevelopmentFakesOptions {
  /**
   * The accounts each fake's consent page offers (each with a primary and a "Team events" calendar unless
   * it lists its own). Default: `ada@example.test` and `grace@example.test`.
   */
  readonly accounts?: readonly FakeAccountSeed[];
  /**
   * Serve the fakes although `NODE_ENV` is `production` (a production build run locally). Default false:
   * a fake publishes every token it issues at `__inspect`, so a production server refuses to start with one.
   */
  readonly allowInProduction?: boolean;
}

/** The accounts on the consent pages when the host names none. */
export const DEVELOPMENT_ACCOUNTS: readonly FakeAccountSeed[] = [
  { email: "ada@example.test", name: "Ada Lovelace" },
  { email: "grace@example.test", name: "Grace Hopper" },
];

/**
 * The fake Google and Microsoft for `createCalendarConnections({ development: { fakes: developmentFakes() } })`.
 * The kit serves them at `<basePath>/__fake/<provider id>` (consent pages, tokens, calendar APIs) and swaps
 * them in for the host's `google()` and `microsoft()`, whose credentials may then be empty. The fakes keep
 * their accounts, tokens and events in memory: after a restart, a connection made against them asks for
 * a reconnect.
 */
export function developmentFakes(options: DevelopmentFakesOptions = {}): DevelopmentFakes {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (environment?.NODE_ENV === "production" && options.allowInProduction !== true) {
    throw new Error(
      "developmentFakes() refused: NODE_ENV is production, and a fake publishes every token it issues. " +
        "Pass development only outside production, or developmentFakes({ allowInProduction: true }) for a local production build.",
    );
  }
  const accounts = options.accounts ?? DEVELOPMENT_ACCOUNTS;
  return (context) =>
    [googleDevelopmentFake, microsoftDevelopmentFake].map((recipe) =>
      developmentFake(recipe, context, accounts),
    );
}

export { type DevelopmentFakeRecipe, developmentFake } from "./recipe.ts";
