import type { ProviderId } from "./enums.ts";

/** What a provider can do; the UI decides which controls to show from these flags alone. */
export interface ProviderCapabilities {
  /** Connecting goes through an OAuth consent screen. */
  readonly oauth: boolean;
  /** The connected account has several calendars to choose the sync target from. */
  readonly calendarPicker: boolean;
  /** An organization may hold more than one non-disconnected connection of this provider. */
  readonly multiplePerOrganization: boolean;
  /** The sync worker writes the product's events into this provider. */
  readonly writesEvents: boolean;
}

/** Which mark the UI draws for a provider. Kept separate from the id so two providers can share one. */
export type ProviderIconKey = "google" | "microsoft" | "ics" | "google-service-account";

/** One entry of the provider catalog: everything about a provider that does not depend on configuration. */
export interface ProviderCatalogEntry {
  readonly id: ProviderId;
  readonly name: string;
  readonly description: string;
  readonly capabilities: ProviderCapabilities;
  /** OAuth scopes requested at consent; empty for providers without OAuth. */
  readonly scopes: readonly string[];
  /** Scopes that must be granted before a connection may become active. */
  readonly requiredScopes: readonly string[];
  readonly iconKey: ProviderIconKey;
  /** Only offered to organizations that opted in (the legacy service account). */
  readonly optIn: boolean;
}

const GOOGLE_CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events";
const GOOGLE_CALENDAR_READONLY = "https://www.googleapis.com/auth/calendar.readonly";

/** The providers the kit supports, in the order the UI shows them. */
export const PROVIDER_CATALOG = {
  google: {
    id: "google",
    name: "Google Calendar",
    description: "Sync events into a Google Workspace or Gmail calendar.",
    capabilities: { oauth: true, calendarPicker: true, multiplePerOrganization: false, writesEvents: true },
    scopes: [GOOGLE_CALENDAR_EVENTS, GOOGLE_CALENDAR_READONLY, "openid", "email"],
    requiredScopes: [GOOGLE_CALENDAR_EVENTS],
    iconKey: "google",
    optIn: false,
  },
  microsoft: {
    id: "microsoft",
    name: "Microsoft Outlook",
    description: "Sync events into a Microsoft 365 or Outlook.com calendar.",
    capabilities: { oauth: true, calendarPicker: true, multiplePerOrganization: false, writesEvents: true },
    scopes: ["offline_access", "Calendars.ReadWrite", "User.Read", "openid", "email"],
    requiredScopes: ["Calendars.ReadWrite"],
    iconKey: "microsoft",
    optIn: false,
  },
  ics: {
    id: "ics",
    name: "Calendar feed (ICS)",
    description: "A private iCalendar link any calendar app can subscribe to.",
    capabilities: {
      oauth: false,
      calendarPicker: false,
      multiplePerOrganization: false,
      writesEvents: false,
    },
    scopes: [],
    requiredScopes: [],
    iconKey: "ics",
    optIn: false,
  },
  "google-service-account": {
    id: "google-service-account",
    name: "Google service account (legacy)",
    description: "Sync through the operator's shared service account into a calendar id you enter.",
    capabilities: { oauth: false, calendarPicker: false, multiplePerOrganization: false, writesEvents: true },
    // Listing calendars (to check a calendar id an admin typed) needs the read-only scope as well.
    scopes: [GOOGLE_CALENDAR_EVENTS, GOOGLE_CALENDAR_READONLY],
    requiredScopes: [],
    iconKey: "google-service-account",
    optIn: true,
  },
} as const satisfies { readonly [K in ProviderId]: ProviderCatalogEntry & { readonly id: K } };

/** The catalog as a list, in display order. */
export const PROVIDERS: readonly ProviderCatalogEntry[] = Object.values(PROVIDER_CATALOG);

/** The catalog entry for a provider id. */
export function getProvider(id: ProviderId): ProviderCatalogEntry {
  return PROVIDER_CATALOG[id];
}
