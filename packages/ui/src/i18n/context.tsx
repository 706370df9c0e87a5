"use client";

import {
  createContext,
  type ReactElement,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
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

/** The languages the kit ships a catalog for; any other locale falls back to English. */
type CatalogLanguage = "en" | "de";

/** The catalog language of a BCP 47 tag: "de-AT" → "de", "fr" → "en". */
function catalogLanguage(locale: string): CatalogLanguage {
  return locale.toLowerCase().split("-")[0] === "de" ? "de" : "en";
}

/** The browser's preferred language, or "en" where there is none (a server render, a test without one). */
function browserLocale(): string {
  return (typeof navigator !== "undefined" && navigator.language) || "en";
}

// The German catalog is its own chunk: pages that stay in English never load it. Kept once loaded.
const loaded: Partial<Record<CatalogLanguage, Messages>> = { en };
function loadCatalog(language: CatalogLanguage): Promise<Messages> {
  return import("./de.ts").then((module) => {
    loaded[language] = module.de;
    return module.de;
  });
}

/** Props of `MessagesProvider`. */
export interface MessagesProviderProps {
  /** Overrides of the locale's catalog, or a whole catalog such as `de`. */
  messages?: MessageOverrides | undefined;
  /**
   * A BCP 47 tag for dates and for the catalog ("de…" is German, anything else English); by default the
   * browser's language.
   */
  locale?: string | undefined;
  /** The current time; defaults to the system clock. */
  now?: (() => Date) | undefined;
  children: ReactNode;
}

/**
 * Gives every part below it the message catalog, the locale and the clock. The catalog is the locale's, with
 * `messages` merged over it. German loads on first use: without `messages` nothing renders for that moment (no
 * English flashes); with them they show at once, over English until the German catalog is in.
 */
export function MessagesProvider({
  messages,
  locale,
  now,
  children,
}: MessagesProviderProps): ReactElement | null {
  const resolved = locale ?? browserLocale();
  const language = catalogLanguage(resolved);
  const [, setLoaded] = useState(0);
  // A host's own messages render at once (over English until the locale's catalog is in).
  const base = loaded[language] ?? (messages ? en : undefined);
  useEffect(() => {
    if (loaded[language] === undefined)
      void loadCatalog(language).then(() => setLoaded((count) => count + 1));
  }, [language]);
  const value = useMemo<LocaleValue | null>(
    () =>
      base === undefined
        ? null
        : { messages: mergeMessages(messages, base), locale: resolved, now: now ?? (() => new Date()) },
    [base, messages, resolved, now],
  );
  if (value === null) return null;
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The catalog, locale and clock in effect. */
export function useLocale(): LocaleValue {
  return useContext(LocaleContext);
}
