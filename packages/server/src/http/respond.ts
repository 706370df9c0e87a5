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

/** A JSON response with the kit's standard headers. */
export function json(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  // A plain record is cheaper than a Headers object on this hot path; the kit's headers win.
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { ...init.headers, "content-type": "application/json; charset=utf-8", ...PRIVATE_HEADERS },
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
