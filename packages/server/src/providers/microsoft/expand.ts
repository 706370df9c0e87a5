/**
 * A series Graph cannot repeat itself, expanded into the starts of its instances with the `rrule`
 * package: in floating time (the zone's wall clock written as UTC) so that each instance keeps its
 * wall-clock time across daylight-saving changes, then placed in the zone.
 */
import * as rruleModule from "rrule";
import { parseRecurrence, seriesZone } from "../../events/recurrence.ts";
import type { HostEvent } from "../../events/types.ts";
import { localStamp, zonedInstant } from "../../events/vtimezone.ts";

// rrule ships a UMD bundle: under Node's ESM loader its exports sit on `default`.
const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;

/** The most single events one expanded series becomes, and how far ahead an endless one is expanded. */
export const EXPANSION_LIMITS = { instances: 500, days: 730 } as const;

function wall(zone: string, date: Date): Date {
  const stamp = localStamp(zone, date.getTime());
  return new Date(
    Date.UTC(
      Number(stamp.slice(0, 4)),
      Number(stamp.slice(4, 6)) - 1,
      Number(stamp.slice(6, 8)),
      Number(stamp.slice(9, 11)),
      Number(stamp.slice(11, 13)),
      Number(stamp.slice(13, 15)),
    ),
  );
}

/** The original starts of a series' instances (EXDATEs left out, RDATEs in), earliest first, and whether the limit cut it. */
export function expandInstances(event: HostEvent): { readonly starts: Date[]; readonly truncated: boolean } {
  const recurrence = parseRecurrence(event);
  if (recurrence === null) return { starts: [event.start], truncated: false };
  const zone = seriesZone(event);
  const starts = new Set<number>([...recurrence.rdates.map((date) => date.getTime())]);
  let truncated = false;
  if (recurrence.rule !== null) {
    const options = RRule.parseString(recurrence.rule.text.replace(/;?UNTIL=[^;]+/, ""));
    const horizon = new Date(event.start.getTime() + EXPANSION_LIMITS.days * 86_400_000);
    const until = recurrence.rule.until ?? (recurrence.rule.count === null ? horizon : null);
    const rule = new RRule({
      ...options,
      dtstart: wall(zone, event.start),
      ...(until === null ? {} : { until: wall(zone, until) }),
    });
    const found = rule.all((_date, index) => index < EXPANSION_LIMITS.instances + 1);
    truncated =
      found.length > EXPANSION_LIMITS.instances ||
      (recurrence.rule.until === null && recurrence.rule.count === null);
    for (const date of found.slice(0, EXPANSION_LIMITS.instances))
      starts.add(zonedInstant(zone, date.getTime()));
  }
  const excluded = new Set(recurrence.exdates.map((date) => date.getTime()));
  const sorted = [...starts].filter((start) => !excluded.has(start)).sort((a, b) => a - b);
  return { starts: sorted.slice(0, EXPANSION_LIMITS.instances).map((start) => new Date(start)), truncated };
}
