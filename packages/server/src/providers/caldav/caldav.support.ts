// Test support: the kit with the CalDAV providers pointed at a real Radicale on loopback, memory
// storage, a signed-in admin and the sync worker run on demand.

import type { SyncRunResult } from "@org/calendar-connections-core";
import { type RadicaleServer, startRadicale } from "@org/calendar-connections-testing";
import { parseTokenKeys } from "../../crypto/keyring.ts";
import type { HostEvent, HostEventWithId } from "../../events/types.ts";
import { type CalendarConnections, createCalendarConnections } from "../../handler/create.ts";
import type { Logger } from "../../handler/logger.ts";
import { createMemoryStorage } from "../../storage/memory.ts";
import type { CalendarStorage } from "../../storage/types.ts";
import type { ConnectionAccess } from "../define.ts";
import { caldav, icloud } from "./index.ts";
import { CALDAV, DAV, multigetBody, parseMultistatus, prop, textOf } from "./xml.ts";

export const APP = "https://app.test";
export const BASE = "/api/calendar-connections";
export const ORG = "org_acme";
export const USER = "alice";
export const PASSWORD = "alice-app-password-5b7e";

export interface CalDavFixture {
  readonly kit: CalendarConnections;
  readonly radicale: RadicaleServer;
  readonly storage: CalendarStorage;
  /** Every line the kit logged, and every response body it gave through `call`. */
  readonly seen: string[];
  /** Every request the providers sent: method and URL. */
  readonly requests: { method: string; url: string }[];
  /** A JSON request to the kit as the admin (`?locale=` in `path` picks the texts). */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** The host saves one of its events (or deletes it, with `null`); then the worker runs one batch. */
  changeEvent(id: string, event: HostEvent | null): Promise<SyncRunResult>;
  /** Reads objects back from Radicale with a calendar-multiget REPORT: href → calendar data (null: 404). */
  multiget(calendarURL: string, hrefs: readonly string[]): Promise<Map<string, string | null>>;
  close(): Promise<void>;
}

/** The providers' fetch, with what they send noted (and, when `rewrite` says so, the response changed). */
export type FetchRewrite = (request: Request, response: Response) => Response;

/** Starts Radicale with a writable "Work", a read-only "Holidays" and a tasks-only list, and the kit. */
export async function startCalDavFixture(rewrite?: FetchRewrite): Promise<CalDavFixture> {
  const radicale = await startRadicale({
    user: USER,
    password: PASSWORD,
    calendars: [
      { slug: "work", name: "Work" },
      { slug: "holidays", name: "Holidays", readOnly: true },
      { slug: "tasks", name: "Tasks", components: ["VTODO"] },
    ],
  });
  const requests: { method: string; url: string }[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url });
    const response = await fetch(request);
    return rewrite === undefined ? response : rewrite(request, response);
  };
  // Loopback http in tests; a host allows its customers' https servers only.
  const runtime = {
    fetch: recording,
    timeoutMs: 5_000,
    allowServer: (url: URL) => url.origin === radicale.url,
  };
  const seen: string[] = [];
  const line =
    (level: string) =>
    (message: string, fields?: object): void => {
      seen.push(JSON.stringify({ level, message, ...fields }));
    };
  const logger: Logger = { info: line("info"), warn: line("warn"), error: line("error") };
  const events = new Map<string, HostEventWithId>();
  const storage = createMemoryStorage();
  const kit = createCalendarConnections({
    providers: [caldav(runtime), icloud({ ...runtime, serverUrl: radicale.url })],
    storage,
    keyring: await parseTokenKeys(`k1:${Buffer.alloc(32, 5).toString("base64")}`),
    authorize: () => ({ userId: "user_admin", organizationId: ORG, role: "admin" }),
    publicBaseURL: APP,
    basePath: BASE,
    logger,
    getEvent: async (_organizationId, eventId) => events.get(eventId) ?? null,
  });

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await kit.handler(
      new Request(`${APP}${BASE}${path}`, {
        method,
        headers: { origin: APP, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    seen.push(await response.clone().text());
    return response;
  }

  async function multiget(
    calendarURL: string,
    hrefs: readonly string[],
  ): Promise<Map<string, string | null>> {
    const response = await fetch(calendarURL, {
      method: "REPORT",
      headers: {
        authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`,
        depth: "1",
        "content-type": "application/xml; charset=utf-8",
      },
      body: multigetBody(
        [
          [DAV, "getetag"],
          [CALDAV, "calendar-data"],
        ],
        hrefs,
      ),
    });
    if (response.status !== 207) throw new Error(`multiget answered ${response.status}`);
    const found = new Map<string, string | null>();
    for (const item of parseMultistatus(await response.text())) {
      const data = prop(item, [CALDAV, "calendar-data"]);
      found.set(new URL(item.href, calendarURL).pathname, data === undefined ? null : textOf(data));
    }
    return found;
  }

  return {
    kit,
    radicale,
    storage,
    seen,
    requests,
    call,
    async changeEvent(id, event) {
      if (event === null) events.delete(id);
      else events.set(id, { ...event, id });
      await kit.sync.enqueueEventSync({ organizationId: ORG, eventId: id });
      return kit.sync.processPendingCalendarSyncJobs();
    },
    multiget,
    close: () => radicale.close(),
  };
}

/**
 * What a CalDAV provider's calendar calls need for `user`'s calendar `slug` on a running Radicale: the access
 * the kit builds from a connection row (Basic credentials in `secrets`, no bearer token).
 */
export function radicaleAccess(
  radicale: RadicaleServer,
  credentials: { readonly user: string; readonly password: string; readonly slug: string },
  ids: { readonly connectionId: string; readonly organizationId: string },
): ConnectionAccess {
  const homeUrl = `${radicale.url}/${credentials.user}/`;
  return {
    ...ids,
    accountId: homeUrl,
    accountEmail: credentials.user,
    calendarId: radicale.calendarURL(credentials.slug),
    accessToken: null,
    secrets: { serverUrl: radicale.url, username: credentials.user, password: credentials.password, homeUrl },
  };
}
