import { PROVIDERS, type Provider } from "@org/calendar-connections-core";
import type { Kit } from "./kit.ts";
import type { Actor } from "./options.ts";
import { requireAdmin } from "./session.ts";

/** Whether the server has what a provider needs (credentials, host callbacks). */
export function isConfigured(kit: Kit, id: Provider["id"]): boolean {
  switch (id) {
    case "google":
    case "microsoft":
      return kit.oauthProvider(id) !== null;
    case "ics":
      return kit.options.listEvents !== undefined;
    case "google-service-account":
      return kit.options.serviceAccount !== undefined;
  }
}

/** Whether an opt-in provider is offered to this organization (others always are). */
export async function isEnabled(kit: Kit, id: Provider["id"], organizationId: string): Promise<boolean> {
  if (id !== "google-service-account") return true;
  return (await kit.options.serviceAccountEnabled?.(organizationId)) ?? false;
}

// What the configuration says about each provider is fixed for a kit: work it out once per kit.
const catalogs = new WeakMap<Kit, readonly Omit<Provider, "enabled">[]>();

function configuredCatalog(kit: Kit): readonly Omit<Provider, "enabled">[] {
  let catalog = catalogs.get(kit);
  if (catalog === undefined) {
    catalog = PROVIDERS.map((entry) => ({
      id: entry.id,
      name: entry.name,
      description: entry.description,
      capabilities: entry.capabilities,
      iconKey: entry.iconKey,
      configured: isConfigured(kit, entry.id),
    }));
    catalogs.set(kit, catalog);
  }
  return catalog;
}

/** `GET /providers`: the catalog, with what this server and organization allow. */
export async function listProviders(kit: Kit, actor: Actor): Promise<Provider[]> {
  requireAdmin(actor);
  // Only the opt-in provider depends on the organization.
  const serviceAccountEnabled = await isEnabled(kit, "google-service-account", actor.organizationId);
  return configuredCatalog(kit).map((entry) => ({
    ...entry,
    enabled: entry.id === "google-service-account" ? serviceAccountEnabled : true,
  }));
}
