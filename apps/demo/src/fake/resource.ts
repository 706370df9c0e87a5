import type { FakeEventState } from "@org/calendar-connections-testing";
import { formatRange } from "../events/dates.ts";

function field(record: unknown, key: string): unknown {
  return typeof record === "object" && record !== null ? Reflect.get(record, key) : undefined;
}

function instant(value: unknown): string | null {
  const dateTime = field(value, "dateTime");
  const date = field(value, "date");
  if (typeof dateTime === "string") {
    const zone = field(value, "timeZone");
    // Graph writes UTC wall time without an offset.
    const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(dateTime) || zone !== "UTC" ? dateTime : `${dateTime}Z`;
    return Number.isNaN(Date.parse(iso)) ? null : new Date(iso).toISOString();
  }
  return typeof date === "string" ? date : null;
}

/** Title and time of an event as the fake Google (summary) or Microsoft (subject) stores it. */
export function describeFakeEvent(event: FakeEventState): { title: string; when: string } {
  const title = field(event.resource, "summary") ?? field(event.resource, "subject");
  const start = instant(field(event.resource, "start"));
  const end = instant(field(event.resource, "end"));
  return {
    title: typeof title === "string" ? title : "(untitled)",
    when: start && end ? formatRange(start, end) : "",
  };
}
