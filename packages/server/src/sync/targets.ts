import type { EngineDeps } from "./engine.ts";
import type { SyncTarget } from "./types.ts";

/**
 * Where an organization's events go: its own connections that write events (not one being removed
 * before it disconnects), or, with none, a fallback provider enabled for it.
 */
export async function resolveOrganizationCalendar(
  deps: Pick<EngineDeps, "storage" | "providers">,
  organizationId: string,
): Promise<SyncTarget[]> {
  const { storage } = deps;
  // A connection whose events are being removed before it disconnects takes no new ones.
  const writers = (await storage.listConnections(organizationId)).filter(
    (connection) =>
      deps.providers.writer(connection.provider) !== null && connection.disconnectRequestedAt === null,
  );
  const isFallback = (provider: string): boolean => deps.providers.writer(provider)?.sync.role === "fallback";
  const own = writers.filter((connection) => !isFallback(connection.provider));
  // A fallback provider (the legacy shared account) writes only for organizations it is enabled for
  // that have no connection of their own.
  const fallbacks: typeof writers = [];
  if (own.length === 0) {
    for (const connection of writers) {
      const provider = deps.providers.get(connection.provider);
      if (provider !== null && ((await provider.enabledFor?.(organizationId)) ?? true))
        fallbacks.push(connection);
    }
  }
  const chosen = own.length > 0 ? own : fallbacks;
  return chosen.map((connection) => ({
    connectionId: connection.id,
    provider: connection.provider,
    status: connection.status,
    calendarId: connection.calendarId,
    calendarName: connection.calendarName,
  }));
}
