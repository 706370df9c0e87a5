import { encodeBase64 } from "@oslojs/encoding";
import { readBytesCapped } from "../../http/body.ts";
import { ProviderError, type ProviderErrorKind } from "../errors.ts";
import { type HttpContext, retryAfterMs, send } from "../http.ts";
import { type DavResponse, MalformedXmlError, parseMultistatus } from "./xml.ts";

/** The account a CalDAV connection signs in as (HTTP Basic over TLS, the scheme app passwords use). */
export interface DavCredentials {
  readonly username: string;
  readonly password: string;
}

/** How a CalDAV provider talks to its servers. */
export interface DavContext {
  readonly http: HttpContext;
  /** Every URL the kit sends credentials to, the typed one and each redirect target, must pass. */
  readonly allowServer: (url: URL) => boolean;
  /** What a 401 tells the admin (the preset's wording: an iCloud app-specific password). */
  readonly unauthorizedMessage: string;
}

/** One request to a CalDAV server. */
export interface DavRequest {
  readonly method: "PROPFIND" | "REPORT" | "GET" | "PUT" | "DELETE";
  readonly depth?: "0" | "1";
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A response, with the URL that answered it (after redirects). */
export interface DavAnswer {
  readonly response: Response;
  readonly url: URL;
}

const MAX_REDIRECTS = 5;

function basic({ username, password }: DavCredentials): string {
  return `Basic ${encodeBase64(new TextEncoder().encode(`${username}:${password}`))}`;
}

function refused(ctx: DavContext, operation: string, status: number | null, code: string): ProviderError {
  return new ProviderError("invalid_request", {
    provider: ctx.http.provider,
    operation,
    status,
    providerCode: code,
  });
}

/**
 * Sends a request with Basic credentials and follows redirects itself: RFC 6764's `/.well-known/caldav`
 * answers with one, and iCloud moves an account to a partition host (`pNN-caldav.icloud.com`). fetch
 * would drop the credentials on a cross-origin hop (or, in other runtimes, keep them for any host);
 * here each hop must pass the host's `allowServer` and may not leave https, and the method and body
 * are kept (a PROPFIND stays a PROPFIND).
 */
export async function davFetch(
  ctx: DavContext,
  operation: string,
  credentials: DavCredentials,
  url: URL,
  request: DavRequest,
): Promise<DavAnswer> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    if (!ctx.allowServer(current)) throw refused(ctx, operation, null, "server_not_allowed");
    const headers = new Headers(request.headers);
    headers.set("authorization", basic(credentials));
    if (request.depth !== undefined) headers.set("depth", request.depth);
    if (request.body !== undefined)
      headers.set("content-type", request.contentType ?? "application/xml; charset=utf-8");
    const response = await send(ctx.http, operation, current.href, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: "manual",
    });
    const location = response.headers.get("location");
    if (response.status < 300 || response.status > 399 || response.status === 304 || location === null) {
      return { response, url: current };
    }
    await response.body?.cancel();
    const next = new URL(location, current);
    if (current.protocol === "https:" && next.protocol !== "https:") {
      throw refused(ctx, operation, response.status, "insecure_redirect");
    }
    current = next;
  }
  throw new ProviderError("unavailable", {
    provider: ctx.http.provider,
    operation,
    status: null,
    providerCode: "too_many_redirects",
  });
}

/**
 * A failed answer as the kit's error kinds: 401 needs new credentials, 403 is a calendar the account
 * may not write, 429 and a 503 with Retry-After pause the connection, other 5xx are retried.
 */
export async function davError(
  ctx: DavContext,
  operation: string,
  response: Response,
): Promise<ProviderError> {
  await response.body?.cancel();
  const { status } = response;
  const wait = retryAfterMs(response, ctx.http.now());
  let kind: ProviderErrorKind = "invalid_request";
  if (status === 401) kind = "unauthorized";
  else if (status === 403) kind = "forbidden";
  else if (status === 404) kind = "not_found";
  else if (status === 410) kind = "gone";
  else if (status === 409 || status === 412) kind = "conflict";
  else if (status === 429 || (status === 503 && wait !== null)) kind = "rate_limited";
  else if (status >= 500) kind = "unavailable";
  return new ProviderError(kind, {
    provider: ctx.http.provider,
    operation,
    status,
    retryAfterMs: wait,
    ...(kind === "unauthorized" ? { healthMessage: ctx.unauthorizedMessage } : {}),
  });
}

/** Sends a request and answers its response when it succeeded, else throws the classified error. */
export async function davCall(...args: Parameters<typeof davFetch>): Promise<DavAnswer> {
  const answer = await davFetch(...args);
  if (!answer.response.ok) throw await davError(args[0], args[1], answer.response);
  return answer;
}

// 8 MiB: far above a home with hundreds of calendars, far below what would hurt the process; the
// server is whatever an admin typed, so its answer may be anything.
const MAX_MULTISTATUS_BYTES = 8 * 1024 * 1024;

/** A PROPFIND or REPORT that must answer 207; its responses, hrefs resolved against the answering URL. */
export async function davMultistatus(
  ...args: Parameters<typeof davFetch>
): Promise<{ readonly url: URL; readonly responses: DavResponse[] }> {
  const [ctx, operation] = args;
  const answer = await davCall(...args);
  try {
    if (answer.response.status !== 207) throw new MalformedXmlError("not a multistatus");
    return {
      url: answer.url,
      responses: parseMultistatus(
        new TextDecoder().decode(
          await readBytesCapped(
            answer.response.body,
            MAX_MULTISTATUS_BYTES,
            () => new MalformedXmlError("multistatus too large"),
          ),
        ),
      ),
    };
  } catch (cause) {
    throw new ProviderError("unavailable", {
      provider: ctx.http.provider,
      operation,
      status: answer.response.status,
      providerCode: "malformed_response",
      cause,
    });
  }
}
