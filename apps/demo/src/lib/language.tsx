import {
  createContext,
  type ReactElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from "react";

/** The demo's languages: the shell and the kit's page follow the one chosen. */
export type Language = "en" | "de";
const KEY = "demo-language";

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(KEY);
  if (stored === "en" || stored === "de") return stored;
  // Like the kit: the browser's language when it is one we have, else English.
  return navigator.language.toLowerCase().startsWith("de") ? "de" : "en";
}

const LanguageContext = createContext<{ language: Language; setLanguage: (language: Language) => void }>({
  language: "en",
  setLanguage: () => {},
});

/** Holds the chosen language (kept in localStorage) and sets `lang` on <html>. */
export function LanguageProvider({ children }: { children: ReactNode }): ReactElement {
  const [language, setChosen] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(KEY, next);
    setChosen(next);
  }, []);
  return <LanguageContext.Provider value={{ language, setLanguage }}>{children}</LanguageContext.Provider>;
}

/** The language in effect, and how to change it. */
export function useLanguage(): { language: Language; setLanguage: (language: Language) => void } {
  return useContext(LanguageContext);
}
