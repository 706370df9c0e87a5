/** The complete German catalog, its own entry so hosts that stay in English never ship it. */
export { de } from "./i18n/de.ts";
