import type { CalendarConnectionsOptions } from "./options.ts";

/** What each required option is, for the start-up error that names a missing one. */
const REQUIRED = {
  storage: ["object", "a CalendarStorage, e.g. createSqliteStorage({ filename }) or createMemoryStorage()"],
  keyring: ["object", "the token keys, e.g. await loadTokenKeyring(process.env) (CALENDAR_TOKEN_KEYS)"],
  providers: ["array", "the calendar providers to offer, e.g. [google({ … }), microsoft({ … }), icsFeed()]"],
  authorize: ["function", "(request) => { userId, organizationId, role } | null, from the host's session"],
  publicBaseURL: ["string", 'the origin users reach the app on, e.g. "https://app.example.com"'],
  getEvent: [
    "function",
    "(organizationId, eventId) => the host's current event, or null once deleted; the sync asks it per job",
  ],
} as const;

/**
 * Refuses, when the kit is created, a configuration that misses a required option, naming the option and
 * what it takes (a JavaScript host gets no compile error, and a missing option would otherwise fail on
 * the first request or the first sync job instead).
 */
export function assertRequiredOptions(options: CalendarConnectionsOptions): void {
  const given = options as unknown as Record<string, unknown>;
  for (const [name, [kind, what]] of Object.entries(REQUIRED)) {
    const value = given[name];
    const ok =
      kind === "array"
        ? Array.isArray(value)
        : kind === "object"
          ? typeof value === "object" && value !== null
          : typeof value === kind;
    if (!ok) {
      const problem =
        value === undefined ? "is missing" : `must be ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
      throw new TypeError(`createCalendarConnections: option "${name}" ${problem}: ${what}.`);
    }
  }
}
