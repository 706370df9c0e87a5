import type { ConnectInput } from "@org/calendar-connections-core";
import type { HttpMethod } from "../http/router.ts";
import type {
  CalendarOperations,
  CalendarProvider,
  FormConnect,
  InstantConnect,
  OAuthConnect,
  ProviderRoute,
  ProviderSyncSettings,
} from "./define.ts";

/** A provider that writes events, with its calendar operations and sync settings. */
export type WritingProvider = CalendarProvider & {
  readonly calendar: CalendarOperations;
  readonly sync: ProviderSyncSettings;
};

/** The host's providers by id, in the order given (the order the page shows). */
export interface ProviderRegistry {
  readonly list: readonly CalendarProvider[];
  /** The provider with this id, or null (an id from a URL or an old row). */
  get(id: string): CalendarProvider | null;
  /** Its OAuth connect operations, or null when it does not connect through OAuth. */
  oauth(id: string): OAuthConnect | null;
  /** Its form connect, or null. */
  form(id: string): FormConnect<unknown> | null;
  /** Its instant connect, or null. */
  instant(id: string): InstantConnect | null;
  /** The provider when it writes events, or null. */
  writer(id: string): WritingProvider | null;
  /** Every route the providers add, with the provider that owns it. */
  readonly routes: readonly { readonly provider: CalendarProvider; readonly route: ProviderRoute }[];
}

function isWriter(provider: CalendarProvider): provider is WritingProvider {
  return provider.calendar !== undefined && provider.sync !== undefined;
}

/** Builds the registry, refusing two providers with one id or two routes with one method and pattern. */
export function createProviderRegistry(
  providers: readonly CalendarProvider[],
  reservedRoutes: readonly { readonly method: HttpMethod; readonly pattern: string }[],
): ProviderRegistry {
  const byId = new Map<string, CalendarProvider>();
  for (const provider of providers) {
    if (byId.has(provider.id)) throw new Error(`Two providers share the id "${provider.id}".`);
    byId.set(provider.id, provider);
  }
  const taken = new Set(reservedRoutes.map((route) => `${route.method} ${route.pattern}`));
  const routes = providers.flatMap((provider) =>
    (provider.routes ?? []).map((route) => {
      const key = `${route.method} ${route.pattern}`;
      if (taken.has(key)) throw new Error(`Provider "${provider.id}" adds a route that exists: ${key}.`);
      taken.add(key);
      return { provider, route };
    }),
  );
  const get = (id: string): CalendarProvider | null => byId.get(id) ?? null;
  return {
    list: providers,
    get,
    oauth: (id) => {
      const connect = get(id)?.connect;
      return connect?.kind === "oauth" ? connect : null;
    },
    form: (id) => {
      const connect = get(id)?.connect;
      return connect?.kind === "form" ? (connect as FormConnect<unknown>) : null;
    },
    instant: (id) => {
      const connect = get(id)?.connect;
      return connect?.kind === "instant" ? connect : null;
    },
    writer: (id) => {
      const provider = get(id);
      return provider !== null && isWriter(provider) ? provider : null;
    },
    routes,
  };
}

/** The value a form schema checks: the raw input, or an empty object when none was sent. */
export function formInput(input: ConnectInput | undefined): ConnectInput {
  return input ?? {};
}
