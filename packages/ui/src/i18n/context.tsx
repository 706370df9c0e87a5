"use client";

import { createContext, type ReactElement, type ReactNode, useContext, useMemo } from "react";
import type { MessageOverrides, Messages } from "./en.ts";
import { en } from "./en.ts";
import { mergeMessages } from "./format.ts";

interface LocaleValue {
  messages: Messages;
  locale: string;
  /** The clock relative dates are measured from; fixed in stories and tests. */
  now: () => Date;
}

const LocaleContext = createContext<LocaleValue>({ messages: en, locale: "en", now: () => new Date() });

/** Props of `MessagesProvider`. */
export interface MessagesProviderProps {
  /** Overrides of the English catalog, or a whole other catalog such as `de`. */
  messages?: MessageOverrides | undefined;
  /** A BCP 47 tag for dates; defaults to "en". */
  locale?: string | undefined;
  /** The current time; defaults to the system clock. */
  now?: (() => Date) | undefined;
  children: ReactNode;
}

/** Gives every part below it the message catalog, the locale and the clock. */
export function MessagesProvider({ messages, locale, now, children }: MessagesProviderProps): ReactElement {
  const value = useMemo<LocaleValue>(
    () => ({ messages: mergeMessages(messages), locale: locale ?? "en", now: now ?? (() => new Date()) }),
    [messages, locale, now],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The catalog, locale and clock in effect. */
export function useLocale(): LocaleValue {
  return useContext(LocaleContext);
}
