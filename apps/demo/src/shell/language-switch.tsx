import type { ReactElement } from "react";
import { type Language, useLanguage } from "../lib/language.tsx";
import { shellStrings } from "./strings.ts";

const NAMES: Record<Language, string> = { en: "English", de: "Deutsch" };

/** English or German, for the shell and the kit's page: a native select, labelled for screen readers. */
export function LanguageSwitch(): ReactElement {
  const { language, setLanguage } = useLanguage();
  return (
    <select
      aria-label={shellStrings(language).language}
      data-testid="language-switch"
      value={language}
      onChange={(event) => setLanguage(event.currentTarget.value === "de" ? "de" : "en")}
      className="focus-ring h-9 rounded-md border border-line bg-surface px-2 text-sm"
    >
      {(Object.keys(NAMES) as Language[]).map((value) => (
        <option key={value} value={value} lang={value}>
          {NAMES[value]}
        </option>
      ))}
    </select>
  );
}
