// The legacy "organization → calendar" file, read without node:* so the allow-list helper built on it
// stays in the runtime-agnostic root entry. The CLI's import reads the same format (import-file.ts).

/** One legacy assignment: this organization's events went to this Google calendar. */
export interface LegacyAssignment {
  readonly organizationId: string;
  readonly calendarId: string;
  /** Shown in the UI; default the calendar id. */
  readonly calendarName: string | null;
}

/** What reading the file found: the assignments, or every problem at once. */
export interface LegacyAssignmentsResult {
  readonly assignments: LegacyAssignment[];
  readonly problems: string[];
}

const ENTRY_KEYS = new Set(["organizationId", "calendarId", "calendarName"]);

/** How calendar ids compare: Google's are addresses, which it treats case-insensitively. */
export function calendarKey(calendarId: string): string {
  return calendarId.trim().toLowerCase();
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim().length > 0 && value.length <= 1024 ? value.trim() : null;
}

function fromEntry(value: unknown, at: string, problems: string[]): LegacyAssignment | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${at}: expected an object { "organizationId": …, "calendarId": … }`);
    return null;
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !ENTRY_KEYS.has(key));
  if (unknown.length > 0) problems.push(`${at}: unknown field(s) ${unknown.join(", ")}`);
  const organizationId = text(record.organizationId);
  const calendarId = text(record.calendarId);
  if (organizationId === null) problems.push(`${at}.organizationId: expected a non-empty string`);
  if (calendarId === null) problems.push(`${at}.calendarId: expected a non-empty string`);
  const name = record.calendarName;
  if (name !== undefined && name !== null && text(name) === null) {
    problems.push(`${at}.calendarName: expected a non-empty string when present`);
  }
  if (organizationId === null || calendarId === null) return null;
  return { organizationId, calendarId, calendarName: text(name) };
}

function entriesOf(json: unknown, problems: string[]): (LegacyAssignment | null)[] {
  if (Array.isArray(json)) return json.map((entry, index) => fromEntry(entry, `[${index}]`, problems));
  if (typeof json === "object" && json !== null) {
    return Object.entries(json).map(([organizationId, calendarId]) =>
      fromEntry({ organizationId, calendarId }, JSON.stringify(organizationId), problems),
    );
  }
  problems.push(
    'expected an array [{ "organizationId": "org_acme", "calendarId": "ops@group.calendar.google.com" }] or an object { "org_acme": "ops@group.calendar.google.com" }',
  );
  return [];
}

/**
 * Reads the legacy configuration: an array `[{ "organizationId", "calendarId", "calendarName"? }]` or
 * an object map `{ "<organizationId>": "<calendarId>" }`. An organization listed twice with different
 * calendars is a problem (listed twice alike is kept once), and so is one calendar listed for two
 * organizations: the shared service account would write one tenant's events into another's calendar.
 */
export function parseLegacyAssignments(json: unknown): LegacyAssignmentsResult {
  const problems: string[] = [];
  const byOrganization = new Map<string, LegacyAssignment>();
  const byCalendar = new Map<string, string>();
  for (const entry of entriesOf(json, problems)) {
    if (entry === null) continue;
    const seen = byOrganization.get(entry.organizationId);
    if (seen !== undefined) {
      if (seen.calendarId !== entry.calendarId) {
        problems.push(
          `${entry.organizationId}: listed twice with different calendars (${seen.calendarId}, ${entry.calendarId})`,
        );
      }
      continue;
    }
    byOrganization.set(entry.organizationId, entry);
    const owner = byCalendar.get(calendarKey(entry.calendarId));
    if (owner === undefined) byCalendar.set(calendarKey(entry.calendarId), entry.organizationId);
    else problems.push(`${entry.calendarId}: listed for ${owner} and ${entry.organizationId}`);
  }
  return { assignments: [...byOrganization.values()], problems };
}
