import { toCalendarObject } from "../../events/ics.ts";
import type { HostEvent } from "../../events/types.ts";
import { isProviderError, ProviderError } from "../errors.ts";
import type { EventWriteResult } from "../types.ts";
import { type DavContext, type DavCredentials, davError, davFetch, davMultistatus } from "./http.ts";
import { DAV, type PropertyName, prop, propfindBody, textOf } from "./xml.ts";

/** The property that marks an event in a shared calendar as written by the kit (and not by a person). */
export const MANAGED_PROPERTY = "X-CALENDAR-CONNECTIONS-MANAGED:TRUE";

const GET_ETAG: PropertyName = [DAV, "getetag"];
const ICS = "text/calendar; charset=utf-8";

/** What writing calendar objects needs besides the connection. */
export interface ObjectContext extends DavContext {
  /** PRODID of what the kit writes. */
  readonly productId: string;
}

/** The URL of an event's resource: `<calendar collection>/<external id>.ics`. */
export function objectURL(calendarId: string, externalId: string): URL {
  const collection = calendarId.endsWith("/") ? calendarId : `${calendarId}/`;
  return new URL(`${encodeURIComponent(externalId)}.ics`, collection);
}

function asCalendarError(error: ProviderError): ProviderError {
  // A write the collection refuses (403: read-only, 404/409: the collection is gone) needs another calendar.
  if (
    error.kind === "forbidden" ||
    error.kind === "not_found" ||
    (error.kind === "conflict" && error.status === 409)
  ) {
    return new ProviderError("calendar_not_found", {
      provider: error.provider,
      operation: error.operation,
      status: error.status,
      cause: error,
    });
  }
  return error;
}

/** The resource's current ETag, by PROPFIND (also when GET would not send one); null when it is gone. */
export async function currentEtag(
  ctx: DavContext,
  credentials: DavCredentials,
  url: URL,
): Promise<string | null> {
  try {
    const { responses } = await davMultistatus(ctx, "events.etag", credentials, url, {
      method: "PROPFIND",
      depth: "0",
      body: propfindBody([GET_ETAG]),
    });
    const etag = textOf(prop(responses[0] ?? { href: "", status: null, props: new Map() }, GET_ETAG));
    return etag === "" ? null : etag;
  } catch (error) {
    if (isProviderError(error, "not_found", "gone")) return null;
    throw error;
  }
}

type Precondition = { readonly ifNoneMatch: "*" } | { readonly ifMatch: string };

/** One conditional PUT; answers the response's status (2xx or 412) and the new ETag when it sent one. */
async function put(
  ctx: ObjectContext,
  operation: string,
  credentials: DavCredentials,
  url: URL,
  body: string,
  precondition: Precondition,
): Promise<{ readonly status: number; readonly etag: string | null }> {
  const headers: Record<string, string> =
    "ifMatch" in precondition ? { "if-match": precondition.ifMatch } : { "if-none-match": "*" };
  const { response } = await davFetch(ctx, operation, credentials, url, {
    method: "PUT",
    body,
    contentType: ICS,
    headers,
  });
  if (response.status === 412) {
    await response.body?.cancel();
    return { status: 412, etag: null };
  }
  if (!response.ok) throw asCalendarError(await davError(ctx, operation, response));
  await response.body?.cancel();
  return { status: response.status, etag: response.headers.get("etag") };
}

/** The ETag of what was just written: the PUT's, or (a server that changed the data sends none) fetched. */
async function writtenEtag(
  ctx: DavContext,
  credentials: DavCredentials,
  url: URL,
  fromPut: string | null,
): Promise<string | null> {
  return fromPut ?? (await currentEtag(ctx, credentials, url));
}

/** The calendar object the kit writes for an event: its UID is the external id. */
function serialize(ctx: ObjectContext, externalId: string, event: HostEvent): string {
  return toCalendarObject(event, {
    uid: externalId,
    productId: ctx.productId,
    generatedAt: ctx.http.now(),
    extra: [MANAGED_PROPERTY],
  });
}

/**
 * Replaces an existing event under `If-Match`. Without a known ETag the current one is fetched first;
 * a 412 means someone changed the event since: the kit's version wins (the host owns its events), the
 * write is repeated against the new ETag, and the result says `overwritten`.
 */
export async function replaceEvent(
  ctx: ObjectContext,
  credentials: DavCredentials,
  input: {
    readonly calendarId: string;
    readonly externalId: string;
    readonly etag: string | null;
    readonly event: HostEvent;
  },
  created: boolean,
): Promise<EventWriteResult> {
  const url = objectURL(input.calendarId, input.externalId);
  const body = serialize(ctx, input.externalId, input.event);
  let etag = input.etag ?? (await currentEtag(ctx, credentials, url));
  let overwritten = false;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (etag === null) {
      throw new ProviderError("not_found", {
        provider: ctx.http.provider,
        operation: "events.update",
        status: 404,
      });
    }
    const written = await put(ctx, "events.update", credentials, url, body, { ifMatch: etag });
    if (written.status !== 412) {
      const result = {
        externalId: input.externalId,
        etag: await writtenEtag(ctx, credentials, url, written.etag),
        created,
      };
      return overwritten ? { ...result, overwritten } : result;
    }
    overwritten = true;
    etag = await currentEtag(ctx, credentials, url);
  }
  throw new ProviderError("conflict", {
    provider: ctx.http.provider,
    operation: "events.update",
    status: 412,
  });
}

/** Creates an event with `If-None-Match: *`; when it exists (a retried write) it is replaced instead. */
export async function createEvent(
  ctx: ObjectContext,
  credentials: DavCredentials,
  input: { readonly calendarId: string; readonly externalId: string; readonly event: HostEvent },
): Promise<EventWriteResult> {
  const url = objectURL(input.calendarId, input.externalId);
  const written = await put(
    ctx,
    "events.insert",
    credentials,
    url,
    serialize(ctx, input.externalId, input.event),
    {
      ifNoneMatch: "*",
    },
  );
  if (written.status !== 412) {
    return {
      externalId: input.externalId,
      etag: await writtenEtag(ctx, credentials, url, written.etag),
      created: true,
    };
  }
  return replaceEvent(ctx, credentials, { ...input, etag: null }, false);
}

/** Deletes an event, with `If-Match` when its ETag is known; 404 and 410 mean it is gone already. */
export async function removeEvent(
  ctx: DavContext,
  credentials: DavCredentials,
  input: { readonly calendarId: string; readonly externalId: string; readonly etag: string | null },
): Promise<{ readonly alreadyGone: boolean }> {
  const url = objectURL(input.calendarId, input.externalId);
  let etag = input.etag;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { response } = await davFetch(ctx, "events.delete", credentials, url, {
      method: "DELETE",
      ...(etag === null ? {} : { headers: { "if-match": etag } }),
    });
    await response.body?.cancel();
    if (response.status === 404 || response.status === 410) return { alreadyGone: true };
    if (response.ok) return { alreadyGone: false };
    if (response.status !== 412) throw asCalendarError(await davError(ctx, "events.delete", response));
    // Changed by someone since: the host deleted the event, so it goes anyway.
    etag = await currentEtag(ctx, credentials, url);
    if (etag === null) return { alreadyGone: true };
  }
  throw new ProviderError("conflict", {
    provider: ctx.http.provider,
    operation: "events.delete",
    status: 412,
  });
}
