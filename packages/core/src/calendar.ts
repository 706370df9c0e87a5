import * as z from "zod/mini";
import { LIMITS } from "./limits.ts";
import { text, upTo } from "./primitives.ts";

/** A calendar of the connected account, as the picker lists it. */
export const Calendar = z.object({
  id: text(LIMITS.calendarId),
  name: upTo(LIMITS.name),
  /** The account's main calendar. */
  primary: z.boolean(),
  /** The connected account may create events in it; only these can be selected. */
  canWrite: z.boolean(),
  timeZone: z.nullable(upTo(LIMITS.name)),
  /** A display color such as `#4285f4`, when the provider has one. */
  color: z.nullable(upTo(32)),
});
export type Calendar = z.infer<typeof Calendar>;

/** `GET /connections/:id/calendars`. */
export const CalendarList = z.object({
  calendars: z.array(Calendar),
});
export type CalendarList = z.infer<typeof CalendarList>;
