import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  type CalendarConnections,
  type CalendarConnectionsOptions,
  type CalendarStorage,
  createCalendarConnections,
  type Logger,
  type TokenKeyring,
} from "@org/calendar-connections-server";
import type { DemoCalDav } from "./caldav.ts";
import type { DemoConfig } from "./config.ts";
import { createEventStore, type EventStore, toHostEvent } from "./event-store.ts";
import { createDemoFakes, type DemoFakes } from "./fakes.ts";
import { createDemoOutbox, type DemoOutbox, demoUserNames } from "./outbox.ts";
import { API_BASE, createDemoProviders } from "./providers.ts";
import { seedEvents } from "./seed.ts";
import type { SessionCodec } from "./session.ts";
import { openStorage } from "./storage.ts";

/** Everything that holds the demo's data; `POST /demo/reset` replaces it whole. */
export interface World {
  readonly kit: CalendarConnections;
  readonly fakes: DemoFakes;
  /** The local CalDAV server, or null when radicale is not installed. */
  readonly caldav: DemoCalDav | null;
  readonly events: EventStore;
  readonly storage: CalendarStorage;
  /** The emails the demo would send about connection events. */
  readonly outbox: DemoOutbox;
  /** Stops the sync worker and closes the storage. */
  stop(): Promise<void>;
}

export interface WorldDeps {
  readonly config: DemoConfig;
  readonly keyring: TokenKeyring;
  readonly cronSecret: string;
  readonly session: SessionCodec;
  readonly logger: Logger;
  /** Seed sample events when the events file is new. */
  readonly seed: boolean;
  /** The local CalDAV server (it outlives resets), or null. */
  readonly caldav?: DemoCalDav | null;
}

/** The kit's retry settings from the demo's tuning: only what was set, the kit's defaults otherwise. */
function syncSettings(tuning: DemoConfig["syncRetries"]): NonNullable<CalendarConnectionsOptions["sync"]> {
  const { maxAttempts, retryWindowMs, backoffBaseMs } = tuning;
  return {
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(retryWindowMs === undefined ? {} : { retryWindowMs }),
    ...(backoffBaseMs === undefined ? {} : { backoff: { baseMs: backoffBaseMs, maxMs: backoffBaseMs * 4 } }),
  };
}

export async function createWorld(deps: WorldDeps): Promise<World> {
  const { config, session } = deps;
  const fakes = createDemoFakes(config);
  const eventsFile = join(config.dataDir, "events.json");
  const isNew = !existsSync(eventsFile);
  const events = createEventStore(eventsFile);
  if (isNew && deps.seed) seedEvents(events);
  const storage = await openStorage(config);
  const outbox = createDemoOutbox();
  const kit = createCalendarConnections({
    storage,
    keyring: deps.keyring,
    providers: createDemoProviders(config, fakes, deps.caldav ?? null),
    publicBaseURL: config.publicURL,
    basePath: API_BASE,
    defaultReturnTo: "/admin/integrations/calendars",
    productName: "Calendar connections demo",
    cronSecret: deps.cronSecret,
    logger: deps.logger,
    authorize: (request) => {
      const user = session.fromRequest(request);
      return user === null ? null : { userId: user.id, organizationId: user.organizationId, role: user.role };
    },
    listEvents: async (organizationId) => events.list(organizationId).map(toHostEvent),
    resolveUserNames: demoUserNames,
    sync: syncSettings(config.syncRetries),
    // A short hold so the demo shows "sync failing" within a minute of an outage.
    notifications: { onConnectionEvent: outbox.deliver, failingAfterMs: 30_000 },
    getEvent: async (organizationId, eventId) => {
      const event = events.get(organizationId, eventId);
      return event === null ? null : toHostEvent(event);
    },
  });
  const controller = new AbortController();
  const worker = kit.sync.startSyncWorker({
    pollIntervalMs: config.syncIntervalMs,
    signal: controller.signal,
  });
  return {
    kit,
    fakes,
    caldav: deps.caldav ?? null,
    events,
    storage,
    outbox,
    async stop() {
      controller.abort();
      await worker.stopped;
      await storage.close();
    },
  };
}
