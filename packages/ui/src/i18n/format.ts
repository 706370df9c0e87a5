import type { MessageOverrides, Messages } from "./en.ts";
import { en } from "./en.ts";

/** Fills `{name}` placeholders of a message. Unknown placeholders are left as they are. */
export function format(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/** A full catalog from a base and any overrides; the groups (status, reasons, errors) merge key by key. */
export function mergeMessages(overrides?: MessageOverrides, base: Messages = en): Messages {
  if (!overrides) return base;
  return {
    ...base,
    ...overrides,
    status: { ...base.status, ...overrides.status },
    audit: { ...base.audit, ...overrides.audit },
    reasons: { ...base.reasons, ...overrides.reasons },
    errors: { ...base.errors, ...overrides.errors },
  } as Messages;
}

/** The messages of a count: one for none, and the `one` and `other` plural forms (`{count}` is filled in). */
export interface CountMessages {
  none: string;
  one: string;
  other: string;
}

/** "No failed events…", "1 event…", "3 events…": the form `Intl.PluralRules` picks, the count in the locale's digits. */
export function formatCount(count: number, locale: string, forms: CountMessages): string {
  if (count === 0) return forms.none;
  const form = new Intl.PluralRules(locale).select(count) === "one" ? forms.one : forms.other;
  return format(form, { count: new Intl.NumberFormat(locale).format(count) });
}

/** After "Retry failed events" or "Retry all failed": how many events were requeued, in words. */
export function requeuedText(count: number, locale: string, messages: Messages): string {
  return formatCount(count, locale, {
    none: messages.requeuedNone,
    one: messages.requeuedOne,
    other: messages.requeuedOther,
  });
}

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "5 minutes ago", "in 2 hours", "vor 5 Minuten" — through Intl, in the given locale. */
export function formatRelativeTime(date: Date | string, now: Date, locale: string): string {
  const target = typeof date === "string" ? new Date(date) : date;
  const seconds = Math.round((target.getTime() - now.getTime()) / 1000);
  const formatter = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return formatter.format(Math.round(seconds / size), unit);
  }
  return formatter.format(0, "minute");
}

/** A short date: "Dec 1", "1. Dez." — in the given locale. */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" }).format(new Date(date));
}

/** The absolute date and time, for a tooltip or `<time>` title. */
export function formatDateTime(date: Date | string, locale: string): string {
  const target = typeof date === "string" ? new Date(date) : date;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(target);
}

/** The catalog's words for a failed request: by its code, else the generic message. */
export function errorMessage(error: unknown, messages: Messages): string {
  const code =
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
      ? error.code
      : null;
  const table: Partial<Record<string, string>> = messages.errors;
  return (code === null ? undefined : table[code]) ?? messages.unknownError;
}
