"use client";

import type { ReactElement } from "react";
import { useLocale } from "../i18n/context.tsx";
import { formatDateTime, formatRelativeTime } from "../i18n/format.ts";

/** A `<time>` that reads "5 minutes ago" in the current locale, with the exact time as its title. */
export function RelativeTime({ value }: { value: string }): ReactElement {
  const { locale, now } = useLocale();
  return (
    <time data-slot="relative-time" dateTime={value} title={formatDateTime(value, locale)}>
      {formatRelativeTime(value, now(), locale)}
    </time>
  );
}

/** Splits a message around its `{time}` placeholder so a `<time>` element can sit inside it. */
export function WithTime({ template, value }: { template: string; value: string }): ReactElement {
  const [before = "", after = ""] = template.split("{time}");
  return (
    <>
      {before}
      <RelativeTime value={value} />
      {after}
    </>
  );
}
