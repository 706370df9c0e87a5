import type { EventFields, EventStore } from "./event-store.ts";

function at(daysFromNow: number, hour: number, minute = 0): string {
  const date = new Date();
  date.setDate(date.getDate() + daysFromNow);
  date.setHours(hour, minute, 0, 0);
  return date.toISOString();
}

function seedEvent(
  title: string,
  day: number,
  hour: number,
  hours: number,
  location: string | null,
): EventFields {
  return {
    title,
    start: at(day, hour),
    end: at(day, hour + hours),
    location,
    description: null,
    timeZone: null,
    recurrence: null,
    overrides: null,
  };
}

/** A few upcoming events so a first run has something to sync. */
export function seedEvents(store: EventStore): void {
  const acme = [
    seedEvent("Quarterly planning", 1, 10, 2, "Room Ada"),
    seedEvent("Customer onboarding: Initech", 2, 14, 1, "Video call"),
    seedEvent("Release retrospective", 4, 16, 1, null),
  ];
  for (const fields of acme) store.create("org_acme", fields, "user_alice");
  store.create("org_globex", seedEvent("Board review", 3, 9, 1, "HQ, floor 7"), "user_carol");
}
