import type { Calendar } from "@org/calendar-connections-core";
import { isProviderError, ProviderError } from "../errors.ts";
import { type DavContext, type DavCredentials, davMultistatus } from "./http.ts";
import {
  CALDAV,
  child,
  DAV,
  type DavResponse,
  elements,
  hrefIn,
  type PropertyName,
  prop,
  propfindBody,
  textOf,
} from "./xml.ts";

const CURRENT_USER_PRINCIPAL: PropertyName = [DAV, "current-user-principal"];
const CALENDAR_HOME_SET: PropertyName = [CALDAV, "calendar-home-set"];
const RESOURCE_TYPE: PropertyName = [DAV, "resourcetype"];
const DISPLAY_NAME: PropertyName = [DAV, "displayname"];
const COMPONENT_SET: PropertyName = [CALDAV, "supported-calendar-component-set"];
const PRIVILEGES: PropertyName = [DAV, "current-user-privilege-set"];
const TIME_ZONE: PropertyName = [CALDAV, "calendar-timezone"];
const APPLE_COLOR: PropertyName = ["http://apple.com/ns/ical/", "calendar-color"];

/** Where an account's calendars live, as discovery found it. */
export interface DavAccount {
  /** The principal URL: the account's stable identity. */
  readonly principal: URL;
  /** The calendar home collection (RFC 4791 §6.2.1). */
  readonly home: URL;
}

/** Thrown when no URL tried answered with a principal: the address is not a CalDAV server. */
function noService(ctx: DavContext, status: number | null): ProviderError {
  return new ProviderError("invalid_request", {
    provider: ctx.http.provider,
    operation: "discovery",
    status,
    providerCode: "no_caldav_service",
  });
}

/** The URLs to ask for the principal, in RFC 6764's order: the typed path, the well-known URI, the root. */
function candidates(server: URL): URL[] {
  const list: URL[] = [];
  if (server.pathname !== "/" && server.pathname !== "") list.push(server);
  list.push(new URL("/.well-known/caldav", server), new URL("/", server));
  return list;
}

/** The href of one property of the only (first) response, resolved against the URL that answered. */
async function findHref(
  ctx: DavContext,
  credentials: DavCredentials,
  url: URL,
  property: PropertyName,
): Promise<URL | null> {
  const { url: answeredAt, responses } = await davMultistatus(ctx, "discovery", credentials, url, {
    method: "PROPFIND",
    depth: "0",
    body: propfindBody([property]),
  });
  const first = responses[0];
  const href = first === undefined ? null : hrefIn(prop(first, property));
  return href === null ? null : new URL(href, answeredAt);
}

/**
 * RFC 6764 §6 and RFC 4791 §6.2.1: finds the signed-in user's principal (trying the typed URL, then
 * `/.well-known/caldav`, then the root, each following redirects), then the principal's calendar home.
 * A 401 anywhere ends the search: the credentials are wrong, not the address.
 */
export async function discoverAccount(
  ctx: DavContext,
  credentials: DavCredentials,
  server: URL,
): Promise<DavAccount> {
  let lastStatus: number | null = null;
  for (const candidate of candidates(server)) {
    let principal: URL | null;
    try {
      principal = await findHref(ctx, credentials, candidate, CURRENT_USER_PRINCIPAL);
    } catch (error) {
      if (isProviderError(error, "unauthorized", "rate_limited") || !isProviderError(error)) throw error;
      if (error.providerCode === "server_not_allowed" || error.providerCode === "insecure_redirect")
        throw error;
      lastStatus = error.status;
      // No answer at all (refused, timed out): the other URLs are on the same host; stop waiting.
      if (error.status === null) break;
      continue;
    }
    if (principal === null) continue;
    // A server without calendar-home-set keeps calendars under the principal (some older setups).
    const home = (await findHref(ctx, credentials, principal, CALENDAR_HOME_SET)) ?? principal;
    return { principal, home };
  }
  throw noService(ctx, lastStatus);
}

/** Whether a collection may hold events: no component set means any component (RFC 4791 §5.2.3). */
function holdsEvents(response: DavResponse): boolean {
  const set = prop(response, COMPONENT_SET);
  if (set === undefined) return true;
  return elements(set).some(
    (comp) =>
      comp.namespaceURI === CALDAV && comp.localName === "comp" && comp.getAttribute("name") === "VEVENT",
  );
}

const WRITE_PRIVILEGES = new Set(["all", "write", "write-content", "bind"]);

/** Whether the user may write events, from `current-user-privilege-set` (RFC 3744); unknown: yes. */
function writable(response: DavResponse): boolean {
  const set = prop(response, PRIVILEGES);
  if (set === undefined) return true;
  return elements(set).some((privilege) =>
    elements(privilege).some(
      (name) => name.namespaceURI === DAV && WRITE_PRIVILEGES.has(name.localName ?? ""),
    ),
  );
}

/** The TZID of a collection's `calendar-timezone` (a VTIMEZONE text), or null. */
function timeZoneOf(response: DavResponse): string | null {
  const match = /^TZID:(.+)$/m.exec(textOf(prop(response, TIME_ZONE)));
  return match?.[1]?.trim() ?? null;
}

/** Apple's `#RRGGBBAA` colors as `#RRGGBB`. */
function colorOf(response: DavResponse): string | null {
  const match = /^#[0-9a-fA-F]{6}/.exec(textOf(prop(response, APPLE_COLOR)));
  return match?.[0] ?? null;
}

/**
 * The event calendars in the home collection (Depth 1): collections typed `C:calendar` whose component
 * set includes VEVENT (a tasks-only list is left out). The id is the collection's absolute URL; a
 * collection the user may only read is listed with `canWrite: false`. Sorted by name.
 */
export async function listEventCalendars(
  ctx: DavContext,
  credentials: DavCredentials,
  home: URL,
): Promise<Calendar[]> {
  const { url, responses } = await davMultistatus(ctx, "calendars.list", credentials, home, {
    method: "PROPFIND",
    depth: "1",
    body: propfindBody([RESOURCE_TYPE, DISPLAY_NAME, COMPONENT_SET, PRIVILEGES, TIME_ZONE, APPLE_COLOR]),
  });
  const calendars: Calendar[] = [];
  for (const response of responses) {
    const type = prop(response, RESOURCE_TYPE);
    if (type === undefined || child(type, CALDAV, "calendar") === null || !holdsEvents(response)) continue;
    const id = new URL(response.href, url).href;
    const name =
      textOf(prop(response, DISPLAY_NAME)) ||
      decodeURIComponent(id.replace(/\/$/, "").split("/").pop() ?? id);
    calendars.push({
      id,
      name,
      primary: false,
      canWrite: writable(response),
      timeZone: timeZoneOf(response),
      color: colorOf(response),
    });
  }
  // Servers list collections in storage order; the picker shows them by name.
  return calendars.sort((a, b) => a.name.localeCompare(b.name));
}
