import { createTokenCipher } from "../crypto/cipher.ts";
import type { ProviderRegistry } from "../providers/registry.ts";
import { createProviderRegistry } from "../providers/registry.ts";
import type { ProviderServices } from "../providers/route-context.ts";
import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { createSyncEngine } from "../sync/engine.ts";
import type { CalendarSync } from "../sync/types.ts";
import { createTokenManager, type TokenManager } from "../tokens/token-manager.ts";
import { resolveDevelopment } from "./development.ts";
import { finishDisconnect } from "./disconnect-op.ts";
import { hashSecret, randomToken } from "./encoding.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { migrateOnFirstUse } from "./migrate-on-first-use.ts";
import type { CalendarConnectionsOptions } from "./options.ts";
import { CORE_ROUTES } from "./routes.ts";
import { assertRequiredOptions } from "./validate-options.ts";

/** Everything the operations share, resolved once per `createCalendarConnections` call (no module state). */
export interface Kit {
  readonly options: CalendarConnectionsOptions;
  readonly storage: CalendarStorage;
  readonly tokens: TokenManager;
  readonly sync: CalendarSync;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly randomBytes: (length: number) => Uint8Array;
  /** `https://app.example.com`, without a trailing slash. */
  readonly publicOrigin: string;
  /** `/api/calendar-connections`, without a trailing slash. */
  readonly basePath: string;
  readonly defaultReturnTo: string;
  /** The host's providers, by id. */
  readonly providers: ProviderRegistry;
  /** What provider hooks and routes may use. */
  readonly services: ProviderServices;
  /** The development fakes' handlers by the path under which they answer (empty unless `development.fakes`). */
  readonly fakes: ReadonlyMap<string, (request: Request) => Promise<Response>>;
  /** The absolute URL of a route under the base path. */
  url(path: string): string;
  /** Where an OAuth provider sends the browser back: its own override, else derived from the base path and id. */
  redirectURI(providerId: string): string;
}

function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  if (!trimmed.startsWith("/")) throw new Error(`basePath must start with "/" (got "${path}")`);
  return trimmed;
}

/** Resolves options into the shared dependencies, refusing a configuration that cannot work. */
export function createKit(options: CalendarConnectionsOptions): Kit {
  assertRequiredOptions(options);
  let publicOrigin: string;
  try {
    publicOrigin = new URL(options.publicBaseURL).origin;
  } catch {
    throw new Error(
      `publicBaseURL must be an absolute URL such as https://app.example.com (got "${options.publicBaseURL}")`,
    );
  }
  const now = options.now ?? (() => new Date());
  const randomBytes =
    options.randomBytes ?? ((length: number) => crypto.getRandomValues(new Uint8Array(length)));
  const basePath = normalizeBasePath(options.basePath ?? "/api/calendar-connections");
  const url = (path: string): string => `${publicOrigin}${basePath}${path}`;
  const development = resolveDevelopment(options.providers, options.development, basePath, url);
  const providers = createProviderRegistry(development.providers, CORE_ROUTES);
  const storage = options.migrations === "manual" ? options.storage : migrateOnFirstUse(options.storage);
  const logger = options.logger ?? consoleLogger;
  if (development.fakes.size > 0) {
    logger.warn(
      "development fakes are served; they publish every token they issue, never use them in production",
      {
        at: [...development.fakes.keys()].join(", "),
      },
    );
  }
  const tokens = createTokenManager({
    storage,
    cipher: createTokenCipher(options.keyring),
    now,
    providerFor: (record: ConnectionRecord) => providers.oauth(record.provider),
  });
  const sync = createSyncEngine({
    storage,
    tokens,
    providers,
    getEvent: options.getEvent,
    inviteAttendees: options.inviteAttendees,
    listEvents: options.listEvents,
    logger,
    now,
    settings: options.sync ?? {},
    notifications: options.notifications,
    pageURL: `${publicOrigin}${options.defaultReturnTo ?? "/"}`,
    // The kit is built below; the worker calls this only later.
    finishDisconnect: (record, eventsLeft) => finishDisconnect(kit, record, eventsLeft),
  });
  const kit: Kit = {
    options,
    storage,
    tokens,
    sync,
    logger,
    now,
    randomBytes,
    publicOrigin,
    basePath,
    defaultReturnTo: options.defaultReturnTo ?? "/",
    providers,
    services: {
      storage,
      now,
      logger,
      publicOrigin,
      productName: options.productName ?? "Calendar connections",
      listEvents: options.listEvents,
      url,
      randomToken: (bytes) => randomToken(randomBytes, bytes),
      hashSecret,
    },
    fakes: development.fakes,
    url,
    redirectURI: (providerId) =>
      providers.oauth(providerId)?.redirectURI ?? url(`/oauth/${providerId}/callback`),
  };
  return kit;
}
