// The fixture's two providers, for the page's stories: modules with no Node built-in, like any provider
// the server's root entry can load in a browser-like runtime.

export { type AcmeDavOptions, acmeDav } from "./acme-form-provider.ts";
export { ACME_ICON, type AcmeCalendarOptions, acmeCalendar } from "./acme-provider.ts";
