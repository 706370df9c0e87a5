import type { Language } from "../lib/language.tsx";

/** The shell's own words in each demo language (the pages' content stays English: it is sample data). */
export const SHELL_STRINGS = {
  en: {
    skip: "Skip to content",
    openMenu: "Open menu",
    closeMenu: "Close menu",
    menuTitle: "Navigation",
    language: "Language",
    toLight: "Switch to light theme",
    toDark: "Switch to dark theme",
    workspace: "Workspace",
    footer: "Demo data · fake Google and Microsoft",
    groups: { Workspace: "Workspace", Admin: "Admin", Developer: "Developer" } as Record<string, string>,
    items: {
      events: "Events",
      providers: "Providers",
      "feature-flags": "Feature flags",
      digests: "Digests",
      "calendar-connections": "Calendar connections",
      outbox: "Outbox",
      "fake-provider": "Fake provider",
    } as Record<string, string>,
  },
  de: {
    skip: "Zum Inhalt springen",
    openMenu: "Menü öffnen",
    closeMenu: "Menü schließen",
    menuTitle: "Navigation",
    language: "Sprache",
    toLight: "Zum hellen Design wechseln",
    toDark: "Zum dunklen Design wechseln",
    workspace: "Arbeitsbereich",
    footer: "Demodaten · Google und Microsoft simuliert",
    groups: { Workspace: "Arbeitsbereich", Admin: "Verwaltung", Developer: "Entwicklung" } as Record<
      string,
      string
    >,
    items: {
      events: "Termine",
      providers: "Anbieter",
      "feature-flags": "Feature-Flags",
      digests: "Zusammenfassungen",
      "calendar-connections": "Kalenderverbindungen",
      outbox: "Postausgang",
      "fake-provider": "Simulierter Anbieter",
    } as Record<string, string>,
  },
} satisfies Record<Language, unknown>;

/** The shell's strings for a language. */
export function shellStrings(language: Language): (typeof SHELL_STRINGS)["en"] {
  return SHELL_STRINGS[language];
}
