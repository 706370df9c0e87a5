import * as z from "zod/mini";
import type { EventFields } from "./event-store.ts";

const instant = z.iso.datetime({ offset: true });
const optionalText = (max: number) => z.optional(z.nullable(z.string().check(z.maxLength(max))));

const Override = z.strictObject({
  originalStart: instant,
  start: z.optional(instant),
  end: z.optional(instant),
  cancelled: z.optional(z.boolean()),
});

const EventBody = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1, "Give the event a title"), z.maxLength(200)),
  start: instant,
  end: instant,
  description: optionalText(2000),
  location: optionalText(200),
  timeZone: optionalText(64),
  // What the demo's form makes: one rule (the kit checks the rule itself when it syncs).
  recurrence: z.optional(
    z.nullable(
      z.array(z.string().check(z.regex(/^RRULE:[A-Z0-9=;,+-]+$/), z.maxLength(300))).check(z.maxLength(1)),
    ),
  ),
  overrides: z.optional(z.nullable(z.array(Override).check(z.maxLength(100)))),
});

const EventPatch = z.partial(EventBody);

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: { path: string; message: string }[] };

function failure(error: z.core.$ZodError): { ok: false; errors: { path: string; message: string }[] } {
  return {
    ok: false,
    errors: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  };
}

const endAfterStart = (start: string, end: string): boolean => Date.parse(end) > Date.parse(start);
const rangeError = { path: "end", message: "The end must be after the start" };

/** `POST /demo/events` body → the event's fields. */
export function parseNewEvent(body: unknown): ParseResult<EventFields> {
  const parsed = EventBody.safeParse(body);
  if (!parsed.success) return failure(parsed.error);
  const { title, start, end, description, location, timeZone, recurrence, overrides } = parsed.data;
  if (!endAfterStart(start, end)) return { ok: false, errors: [rangeError] };
  return {
    ok: true,
    value: {
      title,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      description: description ?? null,
      location: location ?? null,
      timeZone: timeZone ?? null,
      recurrence: recurrence ?? null,
      overrides: overrides ?? null,
    },
  };
}

/** `PATCH /demo/events/:id` body, checked against the event's current range. */
export function parseEventPatch(
  body: unknown,
  current: { start: string; end: string },
): ParseResult<Partial<EventFields>> {
  const parsed = EventPatch.safeParse(body);
  if (!parsed.success) return failure(parsed.error);
  const { title, start, end, description, location, timeZone, recurrence, overrides } = parsed.data;
  const patch: Partial<EventFields> = {
    ...(title === undefined ? {} : { title }),
    ...(start === undefined ? {} : { start: new Date(start).toISOString() }),
    ...(end === undefined ? {} : { end: new Date(end).toISOString() }),
    ...(description === undefined ? {} : { description }),
    ...(location === undefined ? {} : { location }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(recurrence === undefined ? {} : { recurrence }),
    ...(overrides === undefined ? {} : { overrides }),
  };
  if (!endAfterStart(patch.start ?? current.start, patch.end ?? current.end))
    return { ok: false, errors: [rangeError] };
  return { ok: true, value: patch };
}
