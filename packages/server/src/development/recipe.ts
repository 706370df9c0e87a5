import type { FakeAccountSeed, FakeEndpoints } from "@org/calendar-connections-testing/fakes";
import type { DevelopmentFake, DevelopmentFakesContext } from "../handler/development.ts";
import type { CalendarProvider } from "../providers/define.ts";

/** How a provider module pairs itself with its fake (each provider's folder has one, in `fake.ts`). */
export interface DevelopmentFakeRecipe {
  /** The provider's id; its fake is served at `<basePath>/__fake/<id>`. */
  readonly id: string;
  /** Starts the fake provider served at `baseURL`, seeded with `accounts`. */
  readonly createFake: (options: {
    readonly baseURL: string;
    readonly accounts: readonly FakeAccountSeed[];
  }) => {
    readonly baseURL: string;
    /** A fetch that reaches the fake in process, for the provider's clients. */
    readonly fetch: typeof fetch;
    /** Answers the fake's routes, for the kit to serve under its base path. */
    readonly handler: (request: Request) => Promise<Response>;
  };
  /** The fake's endpoint URLs under its base URL. */
  readonly endpoints: (baseURL: string) => FakeEndpoints;
  /** The provider factory, given development credentials, the fake's endpoints and its in-process fetch. */
  readonly provider: (options: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly endpoints: FakeEndpoints;
    readonly fetch: typeof fetch;
  }) => CalendarProvider;
}

/**
 * The fake of `recipe` at the URL the kit gives it, and its provider talking to it: the kit's own calls go
 * to the fake in process; the browser reaches its consent page under the base path.
 */
export function developmentFake(
  recipe: DevelopmentFakeRecipe,
  context: DevelopmentFakesContext,
  accounts: readonly FakeAccountSeed[],
): DevelopmentFake {
  const fake = recipe.createFake({ baseURL: context.baseURLFor(recipe.id), accounts });
  const provider = recipe.provider({
    clientId: "calendar-connections-development",
    clientSecret: "development",
    endpoints: recipe.endpoints(fake.baseURL),
    fetch: fake.fetch,
  });
  return { provider, handler: fake.handler };
}
