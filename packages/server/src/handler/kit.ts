import type { ProviderId } from "@org/calendar-connections-core";
import { createTokenCipher } from "../crypto/cipher.ts";
import type { CalendarProvider } from "../providers/types.ts";
import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { createSyncEngine } from "../sync/engine.ts";
import type { CalendarSync } from "../sync/types.ts";
import { createTokenManager, type TokenManager } from "../tokens/token-manager.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import type { CalendarConnectionsOptions } from "./options.ts";

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
  oauthProvider(id: ProviderId): CalendarProvider | null;
  /** The absolute URL of a route under the base path. */
  url(path: string): string;
}

function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  if (!trimmed.startsWith("/")) throw new Error(`basePath must start with "/" (got "${path}")`);
  return trimmed;
}

/** Resolves options into the shared dependencies, refusing a configuration that cannot work. */
export function createKit(options: CalendarConnectionsOptions): Kit {
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
  const oauthProvider = (id: ProviderId): CalendarProvider | null =>
    id === "google" || id === "microsoft" ? (options.providers[id] ?? null) : null;
  const tokens = createTokenManager({
    storage: options.storage,
    cipher: createTokenCipher(options.keyring),
    now,
    providerFor: (record: ConnectionRecord) => oauthProvider(record.provider),
  });
  const logger = options.logger ?? consoleLogger;
  const sync = createSyncEngine({
    storage: options.storage,
    tokens,
    oauthProvider,
    serviceAccount: options.serviceAccount,
    serviceAccountEnabled: options.serviceAccountEnabled ?? (() => false),
    getEvent: options.getEvent,
    listEvents: options.listEvents,
    logger,
    now,
    settings: options.sync ?? {},
  });
  return {
    options,
    storage: options.storage,
    tokens,
    sync,
    logger,
    now,
    randomBytes,
    publicOrigin,
    basePath,
    defaultReturnTo: options.defaultReturnTo ?? "/",
    oauthProvider,
    url: (path) => `${publicOrigin}${basePath}${path}`,
  };
}
