/**
 * RFC 5545 VTIMEZONE components built from the runtime's own time zone data (`Intl`), so the kit
 * carries no copy of the tz database and stays runtime-agnostic. Each component lists the zone's
 * actual offset changes in the years an event touches, one observance per change (no RRULE to get
 * wrong), so any reader resolves the event's local times exactly as the runtime does.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      timeZoneName: "longOffset",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows an IANA zone name (an unknown one makes events fall back to UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at an instant, in minutes east of UTC. */
export function offsetMinutes(timeZone: string, instant: number): number {
  const name = formatterFor(timeZone)
    .formatToParts(instant)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? "");
  if (match === null) return 0;
  if (match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** An instant as the zone's wall-clock time, `YYYYMMDDTHHMMSS` (an iCalendar local DATE-TIME). */
export function localStamp(timeZone: string, instant: number): string {
  const shifted = new Date(instant + offsetMinutes(timeZone, instant) * MINUTE_MS);
  return shifted.toISOString().slice(0, 19).replace(/[-:]/g, "");
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}${String(absolute % 60).padStart(2, "0")}`;
}

interface Transition {
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/** Offset changes in [start, end): scanned day by day, then narrowed to the minute. */
function transitions(timeZone: string, start: number, end: number): Transition[] {
  const found: Transition[] = [];
  let previous = offsetMinutes(timeZone, start);
  for (let day = start + DAY_MS; day <= end; day += DAY_MS) {
    const current = offsetMinutes(timeZone, day);
    if (current === previous) continue;
    let low = day - DAY_MS;
    let high = day;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
      if (offsetMinutes(timeZone, middle) === previous) low = middle;
      else high = middle;
    }
    found.push({ at: high, from: previous, to: current });
    previous = current;
  }
  return found;
}

function observance(kind: "STANDARD" | "DAYLIGHT", start: string, from: number, to: number): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${start}`,
    `TZOFFSETFROM:${offsetText(from)}`,
    `TZOFFSETTO:${offsetText(to)}`,
    `END:${kind}`,
  ];
}

/**
 * The VTIMEZONE lines of a zone for the UTC years `fromYear` to `toYear`: the offset in force on
 * 1 January of the first year, then every change up to the end of the last. A change to a larger
 * offset than the year's smallest is daylight time.
 */
export function vtimezoneLines(timeZone: string, fromYear: number, toYear: number): string[] {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const changes = transitions(timeZone, start, end);
  const initial = offsetMinutes(timeZone, start);
  const standard = Math.min(initial, ...changes.map((change) => change.to));
  const kindOf = (offset: number): "STANDARD" | "DAYLIGHT" => (offset > standard ? "DAYLIGHT" : "STANDARD");
  // The onset of an observance is written in the local time of the offset before it (RFC 5545 §3.6.5).
  const stamp = (instant: number, offset: number): string =>
    new Date(instant + offset * MINUTE_MS).toISOString().slice(0, 19).replace(/[-:]/g, "");
  const lines = ["BEGIN:VTIMEZONE", `TZID:${timeZone}`];
  lines.push(...observance(kindOf(initial), stamp(start, initial), initial, initial));
  for (const change of changes) {
    lines.push(...observance(kindOf(change.to), stamp(change.at, change.from), change.from, change.to));
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/**
 * The instant a zone's wall-clock time names (`wall` is the local time written as if it were UTC).
 * In a gap (spring forward) it is the instant the same number of minutes after the gap's start; in an
 * overlap (fall back) the earlier of the two, as RFC 5545 §3.3.5 asks.
 */
export function zonedInstant(timeZone: string, wall: number): number {
  const first = wall - offsetMinutes(timeZone, wall) * MINUTE_MS;
  const second = wall - offsetMinutes(timeZone, first) * MINUTE_MS;
  if (first === second) {
    // In an overlap both offsets fit: the earlier instant is the one with the larger offset.
    const earlier = wall - offsetMinutes(timeZone, first - 60 * MINUTE_MS) * MINUTE_MS;
    return earlier < first && localStamp(timeZone, earlier) === localStamp(timeZone, first) ? earlier : first;
  }
  return Math.max(first, second);
}
