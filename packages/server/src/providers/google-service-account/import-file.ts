import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, EXIT } from "../../cli/errors.ts";

/** One legacy assignment: this organization's events went to this Google calendar. */
export interface LegacyAssignment {
  readonly organizationId: string;
  readonly calendarId: string;
  /** Shown in the UI; default the calendar id. */
  readonly calendarName: string | null;
}

const ENTRY_KEYS = new Set(["organizationId", "calendarId", "calendarName"]);

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

/**
 * Reads the legacy configuration: an array `[{ "organizationId", "calendarId", "calendarName"? }]` or
 * an object map `{ "<organizationId>": "<calendarId>" }`. Every problem is reported at once; an
 * organization listed twice with different calendars is a problem, listed twice alike is kept once.
 */
export function parseAssignments(json: unknown, file: string): LegacyAssignment[] {
  const problems: string[] = [];
  let entries: (LegacyAssignment | null)[];
  if (Array.isArray(json)) {
    entries = json.map((entry, index) => fromEntry(entry, `[${index}]`, problems));
  } else if (typeof json === "object" && json !== null) {
    entries = Object.entries(json).map(([organizationId, calendarId]) =>
      fromEntry({ organizationId, calendarId }, JSON.stringify(organizationId), problems),
    );
  } else {
    problems.push(
      'expected an array [{ "organizationId": "org_acme", "calendarId": "ops@group.calendar.google.com" }] or an object { "org_acme": "ops@group.calendar.google.com" }',
    );
    entries = [];
  }
  const byOrganization = new Map<string, LegacyAssignment>();
  for (const entry of entries) {
    if (entry === null) continue;
    const seen = byOrganization.get(entry.organizationId);
    if (seen === undefined) byOrganization.set(entry.organizationId, entry);
    else if (seen.calendarId !== entry.calendarId) {
      problems.push(
        `${entry.organizationId}: listed twice with different calendars (${seen.calendarId}, ${entry.calendarId})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new CliError(EXIT.input, `${file} is not a valid assignment list:\n  ${problems.join("\n  ")}`);
  }
  if (byOrganization.size === 0) throw new CliError(EXIT.input, `${file} lists no organization`);
  return [...byOrganization.values()];
}

/** Reads and parses the file; a missing file or invalid JSON is an input error. */
export async function readAssignments(file: string, cwd: string): Promise<LegacyAssignment[]> {
  let raw: string;
  try {
    raw = await readFile(resolve(cwd, file), "utf8");
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    throw new CliError(
      EXIT.input,
      code === "ENOENT" ? `file not found: ${file}` : `cannot read ${file}: ${code || "unreadable"}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "parse error";
    throw new CliError(EXIT.input, `${file} is not valid JSON: ${reason}`);
  }
  return parseAssignments(json, file);
}
