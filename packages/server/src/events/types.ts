import type {
  EventAttendee,
  EventOverride,
  EventStatus,
  EventTransparency,
} from "@org/calendar-connections-core";

/** An event of the host product, as the host hands it to the kit (`getEvent`, `listEvents`). */
export interface HostEvent {
  readonly title: string;
  readonly description?: string | null;
  readonly location?: string | null;
  /** For all-day events, midnight of the first day; the date part is what counts. */
  readonly start: Date;
  /** Exclusive: the end instant, or for all-day events the day after the last one. */
  readonly end: Date;
  /**
   * The IANA zone the event was planned in, e.g. `Europe/Berlin`; providers show it in that zone, and
   * a series repeats at the same wall-clock time there across daylight-saving changes. An unknown
   * zone is a job error.
   */
  readonly timeZone?: string | null;
  readonly allDay?: boolean;
  /**
   * RFC 5545 recurrence lines: one `RRULE:…`, and any `EXDATE…` / `RDATE…` lines (UTC `…Z` values,
   * `TZID=` local values, or `VALUE=DATE` for all-day series). The rule repeats in `timeZone`.
   */
  readonly recurrence?: readonly string[] | null;
  /** Instances of the series that were moved, changed or cancelled, each named by its original start. */
  readonly overrides?: readonly EventOverride[] | null;
  /** Default `confirmed`. */
  readonly status?: EventStatus | null;
  /** `busy` (default) blocks the time in free/busy lookups; `free` does not. */
  readonly transparency?: EventTransparency | null;
  /** A link back to the event in the product, shown with the event in the calendar. */
  readonly url?: string | null;
  /**
   * Who takes part. Written only when the organization's attendee policy invites (by default nobody is
   * ever invited, so syncing a product's calendar never mails anyone).
   */
  readonly attendees?: readonly EventAttendee[] | null;
  /** `#rrggbb`; providers with a fixed palette use the nearest of theirs, others leave it out. */
  readonly color?: string | null;
}

/** A host event with its id, as `listEvents(organizationId)` returns it. */
export interface HostEventWithId extends HostEvent {
  readonly id: string;
  /** When the event last changed; sent as LAST-MODIFIED in feeds. */
  readonly updatedAt?: Date | null;
}
