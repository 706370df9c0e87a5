import type { HostEventWithId } from "../events/types.ts";
import type { Logger } from "../handler/logger.ts";
import type { Actor } from "../handler/options.ts";
import type { CalendarStorage } from "../storage/types.ts";

/** What the kit lends a provider's own hooks and routes: storage, clock, URLs and secrets helpers. */
export interface ProviderServices {
  readonly storage: CalendarStorage;
  /** The kit's clock (the `now` option). */
  readonly now: () => Date;
  readonly logger: Logger;
  /** `https://app.example.com`, without a trailing slash. */
  readonly publicOrigin: string;
  /** The product's name (feed titles, PRODID). */
  readonly productName: string;
  /** The host's `listEvents`, when it gave one. */
  readonly listEvents: ((organizationId: string) => Promise<readonly HostEventWithId[]>) | undefined;
  /** The absolute URL of a path under the kit's base path. */
  url(path: string): string;
  /** `bytes` random bytes from the kit's source, base64url without padding. */
  randomToken(bytes: number): string;
  /** SHA-256 of a secret, lowercase hex: what the kit stores instead of the secret. */
  hashSecret(value: string): string;
}

/** What an instant provider's `create` receives: the acting admin. */
export interface ProviderActionContext {
  readonly actor: Actor;
  readonly services: ProviderServices;
}

/** What a provider's route receives. `actor` is the signed-in admin on `admin` routes, null on `public` ones. */
export interface ProviderRouteContext {
  readonly request: Request;
  readonly url: URL;
  readonly actor: Actor | null;
  readonly services: ProviderServices;
}
