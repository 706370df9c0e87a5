/** An event of the host product, as the host hands it to the kit (`getEvent`, `listEvents`). */
export interface HostEvent {
  readonly title: string;
  readonly description?: string | null;
  readonly location?: string | null;
  /** For all-day events, midnight of the first day; the date part is what counts. */
  readonly start: Date;
  /** Exclusive: the end instant, or for all-day events the day after the last one. */
  readonly end: Date;
  /** The IANA zone the event was planned in, e.g. `Europe/Berlin`; providers show it in that zone. */
  readonly timeZone?: string | null;
  readonly allDay?: boolean;
}

/** A host event with its id, as `listEvents(organizationId)` returns it. */
export interface HostEventWithId extends HostEvent {
  readonly id: string;
  /** When the event last changed; sent as LAST-MODIFIED in feeds. */
  readonly updatedAt?: Date | null;
}
