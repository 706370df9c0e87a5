import {
  ERROR_CODES,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problemTypeForCode,
} from "@org/calendar-connections-core";
import type { ApiError } from "./api-error.ts";

// Every answer of the API is private to the signed-in admin and must never be cached by a proxy.
const PRIVATE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", ...PRIVATE_HEADERS } as const;

/** What a JSON response may add: its status and headers (the kit's own headers win). */
export interface JsonInit {
  readonly status?: number;
  readonly headers?: Record<string, string>;
}

/** A JSON response with the kit's standard headers. */
export function json(body: unknown, init: JsonInit = {}): Response {
  return jsonText(JSON.stringify(body), init);
}

/** A response for JSON already serialized (an answer cached as text), with the kit's standard headers. */
export function jsonText(text: string, init: JsonInit = {}): Response {
  // A plain record is cheaper than a Headers object on this hot path.
  return new Response(text, {
    status: init.status ?? 200,
    headers: init.headers === undefined ? { ...JSON_HEADERS } : { ...init.headers, ...JSON_HEADERS },
  });
}

/**
 * The RFC 9457 problem response for an `ApiError`. It names no `instance`: a request's path can be a
 * credential (a feed link), and a problem body must never echo one.
 */
export function problemResponse(error: ApiError): Response {
  const problem: Problem = {
    type: problemTypeForCode(error.code),
    title: ERROR_CODES[error.code].title,
    status: error.status,
    code: error.code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...(error.errors === undefined ? {} : { errors: error.errors }),
    ...(error.retryAt === undefined ? {} : { retryAt: error.retryAt.toISOString() }),
  };
  const headers = new Headers(error.headers);
  headers.set("content-type", PROBLEM_CONTENT_TYPE);
  for (const [name, value] of Object.entries(PRIVATE_HEADERS)) headers.set(name, value);
  if (error.retryAt !== undefined && !headers.has("retry-after")) {
    // An HTTP date (RFC 9110 §10.2.3) needs no clock here.
    headers.set("retry-after", error.retryAt.toUTCString());
  }
  return new Response(JSON.stringify(problem), { status: error.status, headers });
}
