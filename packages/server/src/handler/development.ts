import type { CalendarProvider } from "../providers/define.ts";

/** Where the kit serves the development fakes: `<basePath>/__fake/<provider id>`. */
export const FAKES_PATH = "/__fake";

/** One fake provider for offline development, as `development.fakes` makes it. */
export interface DevelopmentFake {
  /** Replaces the host's provider of the same id; its calls go to the fake. */
  readonly provider: CalendarProvider;
  /** The fake's routes (consent page, token, API, `__inspect`), served under `baseURL` as it was given. */
  readonly handler: (request: Request) => Promise<Response>;
}

/** What a `development.fakes` factory is told: the URL each fake is served at, by provider id. */
export interface DevelopmentFakesContext {
  /** The absolute URL under the kit's base path where the fake of this provider id is served. */
  baseURLFor(providerId: string): string;
}

/**
 * Makes the fakes once the kit knows where it is mounted. `developmentFakes()` from
 * `@org/calendar-connections-server/development` is one (the fake Google and Microsoft); the root entry
 * takes it as an option, so it never loads the fakes (or Node's `http`) itself.
 */
export type DevelopmentFakes = (context: DevelopmentFakesContext) => readonly DevelopmentFake[];

/** The `development` option: offline development against fake providers. Never for production. */
export interface DevelopmentOptions {
  /**
   * Serves fake providers under the base path and swaps them in for the host's providers of the same ids
   * (providers without a fake stay as they are; a fake for a provider the host does not list is unused).
   * A fake publishes every token it issued at `__inspect`.
   */
  readonly fakes?: DevelopmentFakes;
}

/** The host's providers with the fakes swapped in, and the fakes' handlers by the path they answer under. */
export interface ResolvedDevelopment {
  readonly providers: readonly CalendarProvider[];
  /** `<basePath>/__fake/<id>` → the fake's handler. */
  readonly fakes: ReadonlyMap<string, (request: Request) => Promise<Response>>;
}

/** Applies `development` to the host's providers; `url(path)` is the absolute URL of a path under the base path. */
export function resolveDevelopment(
  providers: readonly CalendarProvider[],
  development: DevelopmentOptions | undefined,
  basePath: string,
  url: (path: string) => string,
): ResolvedDevelopment {
  const made = development?.fakes?.({
    baseURLFor: (providerId) => url(`${FAKES_PATH}/${encodeURIComponent(providerId)}`),
  });
  if (made === undefined || made.length === 0) return { providers, fakes: new Map() };
  const byId = new Map(made.map((fake) => [fake.provider.id, fake]));
  const fakes = new Map<string, (request: Request) => Promise<Response>>();
  const swapped = providers.map((provider) => {
    const fake = byId.get(provider.id);
    if (fake === undefined) return provider;
    fakes.set(`${basePath}${FAKES_PATH}/${encodeURIComponent(provider.id)}`, fake.handler);
    return fake.provider;
  });
  return { providers: swapped, fakes };
}

/** The fake whose path `pathname` is under, if any. */
export function fakeFor(
  fakes: ReadonlyMap<string, (request: Request) => Promise<Response>>,
  pathname: string,
): ((request: Request) => Promise<Response>) | null {
  for (const [path, handler] of fakes) {
    if (pathname === path || pathname.startsWith(`${path}/`)) return handler;
  }
  return null;
}
