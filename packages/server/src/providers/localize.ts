/**
 * Text a provider shows to admins: one string, or one per locale (`{ en: "…", de: "…" }`, `en`
 * required). The server picks the locale the UI asks for, so a provider carries its own translations.
 */
export type Localized = string | (Readonly<Record<string, string>> & { readonly en: string });

/**
 * The text for a BCP 47 locale: the exact tag, then its language (`de-AT` → `de`), then English.
 */
export function localize(text: Localized, locale: string | null): string {
  if (typeof text === "string") return text;
  if (locale !== null) {
    const exact = text[locale];
    if (exact !== undefined) return exact;
    const language = text[locale.split("-")[0]?.toLowerCase() ?? ""];
    if (language !== undefined) return language;
  }
  return text.en;
}
