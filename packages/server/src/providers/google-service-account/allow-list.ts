// Which calendars each organization may use through the shared service account. The account sees
// every tenant's shared calendars, so only the operator can say which one is whose.

import { calendarKey, parseLegacyAssignments } from "./assignments.ts";

/**
 * Calendar ids by organization id: the calendars each organization may sync into through the shared
 * service account. A calendar belongs to one organization; ids compare case-insensitively.
 */
export type ServiceAccountCalendars = Readonly<Record<string, readonly string[]>>;

/**
 * The allow-list itself (checked once, when the provider is configured), or a loader of the whole map
 * (the host's database, a file it re-reads), checked on every load and used until it is older than
 * `calendarsMaxAgeMs`. A loader that throws, or returns a calendar for two organizations, fails every
 * call that needs the list until a load succeeds: no calendar is allowed on a guess.
 */
export type ServiceAccountCalendarsSource =
  | ServiceAccountCalendars
  | (() => ServiceAccountCalendars | Promise<ServiceAccountCalendars>);

/** A checked allow-list: every calendar id is assigned to exactly one organization. */
export interface CalendarAllowList {
  /** The organization the operator assigned this calendar to, or null. */
  organizationOf(calendarId: string): string | null;
  /** The calendars assigned to an organization, as the operator listed them. */
  calendarsOf(organizationId: string): readonly string[];
}

/** Checks an allow-list (its shape too: a loader or a JavaScript config may pass anything). */
export function checkServiceAccountCalendars(calendars: unknown): CalendarAllowList {
  if (typeof calendars !== "object" || calendars === null || Array.isArray(calendars)) {
    throw new Error("googleServiceAccount: `calendars` must map organization ids to arrays of calendar ids.");
  }
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const byOrganization = new Map<string, string[]>();
  for (const [organizationId, ids] of Object.entries(calendars)) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string" && id.trim() !== "")) {
      problems.push(`${organizationId}: expected an array of calendar ids`);
      continue;
    }
    const own: string[] = [];
    for (const id of ids as string[]) {
      const owner = owners.get(calendarKey(id));
      if (owner === undefined) {
        owners.set(calendarKey(id), organizationId);
        own.push(id.trim());
      } else if (owner !== organizationId) {
        problems.push(`${id.trim()} is assigned to ${owner} and ${organizationId}`);
      }
    }
    byOrganization.set(organizationId, own);
  }
  if (problems.length > 0) {
    throw new Error(
      `googleServiceAccount calendars: each calendar belongs to one organization:\n  ${problems.join("\n  ")}`,
    );
  }
  return {
    organizationOf: (calendarId) => owners.get(calendarKey(calendarId)) ?? null,
    calendarsOf: (organizationId) => byOrganization.get(organizationId) ?? [],
  };
}

/**
 * The allow-list as the provider reads it: a map is checked now (so a calendar given to two
 * organizations fails at configuration time); a loader's map is checked on each load, one load at a
 * time, and kept for `maxAgeMs`.
 */
export function allowListReader(
  source: ServiceAccountCalendarsSource,
  maxAgeMs: number,
  now: () => Date,
): () => Promise<CalendarAllowList> {
  if (typeof source !== "function") {
    const checked = checkServiceAccountCalendars(source);
    return () => Promise.resolve(checked);
  }
  let cached: { readonly list: CalendarAllowList; readonly at: number } | null = null;
  let loading: Promise<CalendarAllowList> | null = null;
  return () => {
    if (cached !== null && now().getTime() - cached.at < maxAgeMs) return Promise.resolve(cached.list);
    loading ??= (async () => {
      const list = checkServiceAccountCalendars(await source());
      cached = { list, at: now().getTime() };
      return list;
    })().finally(() => {
      loading = null;
    });
    return loading;
  };
}

/**
 * Reads the file `calendar-connections import-service-account --file` takes (a list
 * `[{ organizationId, calendarId, calendarName? }]` or a map `{ "<organizationId>": "<calendarId>" }`)
 * into the allow-list, so one file both creates the connections and bounds them. Throws on the
 * problems the import refuses, a calendar listed for two organizations among them.
 */
export function legacyServiceAccountCalendars(json: unknown): ServiceAccountCalendars {
  const { assignments, problems } = parseLegacyAssignments(json);
  if (problems.length > 0) {
    throw new Error(`The service-account assignment list is not valid:\n  ${problems.join("\n  ")}`);
  }
  return Object.fromEntries(assignments.map((entry) => [entry.organizationId, [entry.calendarId]]));
}
