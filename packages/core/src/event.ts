import * as z from "zod/mini";
import { LIMITS } from "./limits.ts";
import { listOf, refined, text, upTo } from "./primitives.ts";

/** Whether an event happens as planned (`confirmed`), may happen (`tentative`) or is called off. */
export const EVENT_STATUSES = ["confirmed", "tentative", "cancelled"] as const;
/** Schema of an event's status, one of `EVENT_STATUSES`. */
export const EventStatus = z.enum(EVENT_STATUSES);
/** An event's status: `confirmed`, `tentative` or `cancelled`. */
export type EventStatus = z.infer<typeof EventStatus>;

/** Whether the event blocks time (`busy`) or not (`free`), as free/busy lookups see it. */
export const EVENT_TRANSPARENCIES = ["busy", "free"] as const;
/** Schema of an event's transparency, one of `EVENT_TRANSPARENCIES`. */
export const EventTransparency = z.enum(EVENT_TRANSPARENCIES);
/** Whether an event blocks time: `busy` or `free`. */
export type EventTransparency = z.infer<typeof EventTransparency>;

/** The most recurrence lines, overrides and attendees one event may carry. */
export const EVENT_LIMITS = { recurrenceLines: 50, overrides: 500, attendees: 200, line: 2000 } as const;

/** A valid `Date` (an `Invalid Date` is refused). */
const ValidDate = refined(z.date(), (date) => Number.isFinite(date.getTime()), "must be a valid date");

/**
 * One recurrence line of RFC 5545 §3.8.5: `RRULE:…`, `EXDATE…:…` or `RDATE…:…`, as Google's
 * `recurrence` array carries them. The rule's parts are checked by the server when it writes.
 */
export const RecurrenceLine = refined(
  text(EVENT_LIMITS.line),
  (line) => /^(RRULE:|EXDATE[;:]|RDATE[;:])/i.test(line),
  "a recurrence line starts with RRULE:, EXDATE or RDATE",
);

/** A person on the event. Invitations go out only when the organization's attendee policy says so. */
export const EventAttendee = z.strictObject({
  email: refined(text(LIMITS.email), (value) => /^[^\s@]+@[^\s@]+$/.test(value), "must be an email"),
  name: z.optional(z.nullable(upTo(LIMITS.name))),
  optional: z.optional(z.boolean()),
});
export type EventAttendee = z.infer<typeof EventAttendee>;

/**
 * One instance of a series that differs from the rule: moved or retitled, or cancelled. It is named by
 * its original start (RFC 5545 RECURRENCE-ID, Google `originalStartTime`, Graph `originalStart`).
 */
export const EventOverride = z.strictObject({
  originalStart: ValidDate,
  cancelled: z.optional(z.boolean()),
  title: z.optional(text(LIMITS.message)),
  description: z.optional(z.nullable(upTo(64 * 1024))),
  location: z.optional(z.nullable(upTo(LIMITS.message))),
  start: z.optional(ValidDate),
  end: z.optional(ValidDate),
});
export type EventOverride = z.infer<typeof EventOverride>;

/** `#rrggbb`. */
const HexColor = refined(text(7), (value) => /^#[0-9a-fA-F]{6}$/.test(value), "must be #rrggbb");

/**
 * An event of the host product as `getEvent` / `listEvents` hand it to the kit. Everything past the
 * title and times is optional, so events of earlier versions stay valid.
 */
export const HostEventSchema = refined(
  z.object({
    title: upTo(LIMITS.message),
    description: z.optional(z.nullable(upTo(64 * 1024))),
    location: z.optional(z.nullable(upTo(LIMITS.message))),
    start: ValidDate,
    end: ValidDate,
    timeZone: z.optional(z.nullable(text(64))),
    allDay: z.optional(z.boolean()),
    recurrence: z.optional(z.nullable(listOf(RecurrenceLine, EVENT_LIMITS.recurrenceLines))),
    overrides: z.optional(z.nullable(listOf(EventOverride, EVENT_LIMITS.overrides))),
    status: z.optional(z.nullable(EventStatus)),
    transparency: z.optional(z.nullable(EventTransparency)),
    url: z.optional(z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(LIMITS.url)))),
    attendees: z.optional(z.nullable(listOf(EventAttendee, EVENT_LIMITS.attendees))),
    color: z.optional(z.nullable(HexColor)),
  }),
  (event) => event.end.getTime() >= event.start.getTime(),
  "end must not be before start",
);
/** A host event as `HostEventSchema` accepts it (what `getEvent` and `listEvents` may return). */
export type HostEventInput = z.infer<typeof HostEventSchema>;
