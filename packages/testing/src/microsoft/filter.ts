import type { FakeEventState } from "../fake/model.ts";

/**
 * Graph's `$filter` on events, in the one form Graph documents for events by extended property:
 * `singleValueExtendedProperties/Any(ep: ep/id eq '<id>' and ep/value eq '<value>')`. The events that
 * match, or null for any other filter clause.
 */
export function filterEvents(events: readonly FakeEventState[], filter: string): FakeEventState[] | null {
  const match =
    /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '([^']*)' and ep\/value eq '([^']*)'\)$/.exec(filter);
  if (match === null) return null;
  const [, id, value] = match;
  return events.filter((event) => extendedProperty(event, id ?? "") === value);
}

/** The value of an event's singleValueExtendedProperty with this id, or null. */
function extendedProperty(event: FakeEventState, id: string): string | null {
  const properties = event.resource.singleValueExtendedProperties;
  if (!Array.isArray(properties)) return null;
  for (const property of properties) {
    if (typeof property !== "object" || property === null) continue;
    const entry = property as Record<string, unknown>;
    if (typeof entry.id === "string" && entry.id === id)
      return typeof entry.value === "string" ? entry.value : null;
  }
  return null;
}
