import type { CallbackErrorCode } from "@org/calendar-connections-core";
import { OAuthReturnCheck, RETURN_PARAMS } from "@org/calendar-connections-core/light";

/** What the OAuth callback said when it sent the browser back, read from the query string. */
export type OAuthOutcome =
  | { outcome: "connected"; connectionId: string }
  | { outcome: "error"; code: CallbackErrorCode | null };

/** Reads `calendarConnection=connected&connectionId=…` or `calendarConnection=error&code=…`; null when absent. */
export function readOAuthReturn(search: string): OAuthOutcome | null {
  const params = new URLSearchParams(search);
  const outcome = params.get(RETURN_PARAMS.outcome);
  if (outcome === null) return null;
  const parsed = OAuthReturnCheck.safeParse(Object.fromEntries(params));
  if (parsed.success) {
    return parsed.data.calendarConnection === "connected"
      ? { outcome: "connected", connectionId: parsed.data.connectionId }
      : { outcome: "error", code: parsed.data.code };
  }
  // A tampered or unknown value still tells the admin that something went wrong, without echoing it.
  return { outcome: "error", code: null };
}

/** The same URL without the callback's parameters, so a reload does not show the banner again. */
export function withoutOAuthReturn(href: string): string {
  const url = new URL(href);
  for (const name of Object.values(RETURN_PARAMS)) url.searchParams.delete(name);
  return `${url.pathname}${url.search}${url.hash}`;
}
