import { describeError, type Logger } from "../handler/logger.ts";
import type { CalendarStorage, ConnectionEventKind, OutboxEntry } from "../storage/types.ts";

/** What the host's `onConnectionEvent` hears of one change to a connection. */
export interface ConnectionEvent {
  /** The same on every delivery of this event: a host that must not act twice keeps it. */
  readonly id: string;
  readonly kind: ConnectionEventKind;
  readonly organizationId: string;
  readonly connectionId: string;
  readonly provider: string;
  readonly accountEmail: string | null;
  readonly calendarName: string | null;
  /** For `needs_reconnect` and `sync_failing`: the health reason (e.g. `token_revoked`). */
  readonly reason: string | null;
  /** The connection's health message at delivery, in English, for an email or a chat message. */
  readonly message: string | null;
  readonly occurredAt: Date;
  /** The page where an admin acts on it. */
  readonly pageURL: string;
}

/** The host's hook; a throw (or a rejection) means "not delivered": it is tried again later. */
export type OnConnectionEvent = (event: ConnectionEvent) => Promise<void>;

/** How connection events reach the host. */
export interface NotificationSettings {
  /**
   * Called once per change, in order per connection, at least once: the event waits in the outbox
   * (written with the change) until the hook returns, across crashes and restarts.
   */
  readonly onConnectionEvent: OnConnectionEvent;
  /**
   * How long a connection must keep failing before `sync_failing` is sent; a recovery within it sends
   * neither that nor its `recovered`. Default 15 minutes.
   */
  readonly failingAfterMs?: number;
  /** The link in each event. Default: `publicBaseURL` + `defaultReturnTo`. */
  readonly pageURL?: string;
}

/** What one round of deliveries did. */
export interface DeliveryResult {
  readonly delivered: number;
  /** Held back (a `sync_failing` waiting out its threshold) or to be tried again (the hook failed). */
  readonly postponed: number;
  /** Dropped: made moot by a later change, or nobody listens (no hook). */
  readonly discarded: number;
}

/** What delivering needs. */
export interface DeliveryDeps {
  readonly storage: CalendarStorage;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly settings: NotificationSettings | undefined;
  readonly pageURL: string;
  /** Names this worker's leases. */
  readonly owner: string;
}

const DEFAULT_FAILING_AFTER_MS = 15 * 60_000;
const LEASE_MS = 60_000;
/** A failing hook is tried again after 30 s, doubling up to an hour, for as long as it takes. */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;

/** Delivers due outbox rows to the host's hook; see `NotificationSettings`. */
export function createEventDelivery(
  deps: DeliveryDeps,
): (options?: { readonly limit?: number }) => Promise<DeliveryResult> {
  const { storage, logger, owner } = deps;
  const failingAfterMs = deps.settings?.failingAfterMs ?? DEFAULT_FAILING_AFTER_MS;

  /** Drops a `sync_failing` whose connection recovered before the threshold, and the `recovered` after it. */
  async function dropMootAlert(row: OutboxEntry): Promise<number> {
    await storage.discardOutbox(row.id);
    const [next] = await storage.listOutbox({ connectionId: row.connectionId, limit: 1 });
    if (next?.kind !== "recovered") return 1;
    return (await storage.discardOutbox(next.id)) ? 2 : 1;
  }

  /** Delivers, holds or drops one claimed row; answers what it did, as counts. */
  async function deliverOne(row: OutboxEntry): Promise<Partial<DeliveryResult>> {
    const settings = deps.settings;
    if (settings === undefined) {
      await storage.completeOutbox(row.id, owner);
      return { discarded: 1 };
    }
    const connection = await storage.getConnection(row.organizationId, row.connectionId);
    if (row.kind === "sync_failing") {
      const due = row.occurredAt.getTime() + failingAfterMs;
      if (deps.now().getTime() < due) {
        await storage.postponeOutbox(row.id, owner, { until: new Date(due) });
        return { postponed: 1 };
      }
      if (connection?.status !== "error") return { discarded: await dropMootAlert(row) };
    }
    try {
      await settings.onConnectionEvent({
        id: row.id,
        kind: row.kind,
        organizationId: row.organizationId,
        connectionId: row.connectionId,
        provider: connection?.provider ?? "",
        accountEmail: connection?.accountEmail ?? null,
        calendarName: connection?.calendarName ?? null,
        reason: row.reason,
        message: connection?.health?.message ?? null,
        occurredAt: row.occurredAt,
        pageURL: settings.pageURL ?? deps.pageURL,
      });
    } catch (error) {
      const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, row.attempts - 1));
      const reason = describeError(error);
      logger.warn("onConnectionEvent failed; the event is tried again", {
        connectionId: row.connectionId,
        kind: row.kind,
        attempts: row.attempts,
        reason,
      });
      await storage.postponeOutbox(row.id, owner, {
        until: new Date(deps.now().getTime() + delay),
        error: reason,
      });
      return { postponed: 1 };
    }
    await storage.completeOutbox(row.id, owner);
    return { delivered: 1 };
  }

  return async function deliverConnectionEvents(options = {}): Promise<DeliveryResult> {
    const result = { delivered: 0, postponed: 0, discarded: 0 };
    const limit = options.limit ?? 50;
    // Each claim takes every connection's next event; a connection's later ones come in later rounds.
    for (let round = 0; round < limit; round++) {
      const rows = await storage.claimOutbox({ owner, limit: limit - result.delivered, leaseMs: LEASE_MS });
      if (rows.length === 0) break;
      for (const row of rows) {
        const done = await deliverOne(row);
        result.delivered += done.delivered ?? 0;
        result.postponed += done.postponed ?? 0;
        result.discarded += done.discarded ?? 0;
      }
      if (result.delivered + result.postponed + result.discarded >= limit) break;
    }
    return result;
  };
}
