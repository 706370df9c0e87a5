const pad = (value: number): string => String(value).padStart(2, "0");

/** An ISO instant as a `datetime-local` value in the browser's zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (the browser's zone) as an ISO instant; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  const date = new Date(value);
  return value === "" || Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The next full hour and the hour after, for a new event. */
export function nextHour(): { start: string; end: string } {
  const start = new Date();
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() };
}

const thisYear = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });
const otherYear = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
});
const day = {
  format: (date: Date): string =>
    (date.getFullYear() === new Date().getFullYear() ? thisYear : otherYear).format(date),
};
const time = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** "Tue, Dec 1 · 10:00 AM – 11:00 AM". */
export function formatRange(startISO: string, endISO: string): string {
  const start = new Date(startISO);
  const end = new Date(endISO);
  const sameDay = start.toDateString() === end.toDateString();
  return sameDay
    ? `${day.format(start)} · ${time.format(start)} – ${time.format(end)}`
    : `${day.format(start)} ${time.format(start)} – ${day.format(end)} ${time.format(end)}`;
}
