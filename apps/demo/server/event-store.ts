import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { HostEventWithId } from "@org/calendar-connections-server";

/** One of an organization's events, as the demo keeps it. */
export interface DemoEvent {
  readonly id: string;
  readonly organizationId: string;
  readonly title: string;
  readonly description: string | null;
  readonly location: string | null;
  /** ISO 8601 instants; `end` is exclusive. */
  readonly start: string;
  readonly end: string;
  readonly timeZone: string | null;
  /** RFC 5545 recurrence lines (`RRULE:FREQ=WEEKLY;COUNT=6`); null for a single event. Absent in older files. */
  readonly recurrence?: readonly string[] | null;
  /** Instances of the series moved or cancelled, by original start (ISO). */
  readonly overrides?: readonly DemoOverride[] | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One changed instance of a series: moved to `start`–`end`, or cancelled. */
export interface DemoOverride {
  readonly originalStart: string;
  readonly start?: string;
  readonly end?: string;
  readonly cancelled?: boolean;
}

export type EventFields = Pick<
  DemoEvent,
  "title" | "description" | "location" | "start" | "end" | "timeZone" | "recurrence" | "overrides"
>;

export interface EventStore {
  list(organizationId: string): DemoEvent[];
  get(organizationId: string, id: string): DemoEvent | null;
  create(organizationId: string, fields: EventFields, userId: string): DemoEvent;
  /** Null when the event is not the organization's. */
  update(organizationId: string, id: string, fields: Partial<EventFields>): DemoEvent | null;
  remove(organizationId: string, id: string): boolean;
  clear(): void;
}

/** The product's events in a JSON file (written whole, through a rename, on every change). */
export function createEventStore(file: string, now: () => Date = () => new Date()): EventStore {
  let events: DemoEvent[] = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoEvent[]) : [];
  const save = (): void => {
    writeFileSync(`${file}.tmp`, JSON.stringify(events, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  const find = (organizationId: string, id: string): DemoEvent | null =>
    events.find((event) => event.id === id && event.organizationId === organizationId) ?? null;
  return {
    list: (organizationId) =>
      events
        .filter((event) => event.organizationId === organizationId)
        .sort((a, b) => a.start.localeCompare(b.start)),
    get: find,
    create(organizationId, fields, userId) {
      const stamp = now().toISOString();
      const event: DemoEvent = {
        id: `evt_${randomUUID().replaceAll("-", "").slice(0, 16)}`,
        organizationId,
        ...fields,
        createdBy: userId,
        createdAt: stamp,
        updatedAt: stamp,
      };
      events = [...events, event];
      save();
      return event;
    },
    update(organizationId, id, fields) {
      const current = find(organizationId, id);
      if (current === null) return null;
      const next: DemoEvent = { ...current, ...fields, updatedAt: now().toISOString() };
      events = events.map((event) => (event === current ? next : event));
      save();
      return next;
    },
    remove(organizationId, id) {
      const current = find(organizationId, id);
      if (current === null) return false;
      events = events.filter((event) => event !== current);
      save();
      return true;
    },
    clear() {
      events = [];
      save();
    },
  };
}

/** The kit's view of an event. */
export function toHostEvent(event: DemoEvent): HostEventWithId {
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    location: event.location,
    start: new Date(event.start),
    end: new Date(event.end),
    timeZone: event.timeZone,
    recurrence: event.recurrence ?? null,
    overrides: (event.overrides ?? []).map((override) => ({
      originalStart: new Date(override.originalStart),
      ...(override.start === undefined ? {} : { start: new Date(override.start) }),
      ...(override.end === undefined ? {} : { end: new Date(override.end) }),
      ...(override.cancelled === undefined ? {} : { cancelled: override.cancelled }),
    })),
    updatedAt: new Date(event.updatedAt),
  };
}
