import { ApiError } from "./api-error.ts";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** A route's pattern, with `:name` segments captured as parameters (e.g. `/connections/:id`). */
export interface Route<Context> {
  method: HttpMethod;
  pattern: string;
  handle: (context: Context, params: Readonly<Record<string, string>>) => Promise<Response>;
}

export interface RouteMatch<Context> {
  route: Route<Context>;
  params: Readonly<Record<string, string>>;
}

const MAX_PARAM_LENGTH = 256;

// Patterns are few and fixed: split each once, not on every request.
const splitPatterns = new Map<string, readonly string[]>();

function segmentsOf(pattern: string): readonly string[] {
  let segments = splitPatterns.get(pattern);
  if (segments === undefined) {
    segments = pattern.split("/");
    splitPatterns.set(pattern, segments);
  }
  return segments;
}

function matchPattern(pattern: string, actual: readonly string[]): Record<string, string> | null {
  const expected = segmentsOf(pattern);
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? "";
    if (segment.startsWith(":")) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return null;
      }
      if (decoded === "" || decoded.length > MAX_PARAM_LENGTH) return null;
      params[segment.slice(1)] = decoded;
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}

/**
 * Finds the route for a method and a path relative to the base path. A path that exists under another
 * method answers 405 with `Allow`; a path that does not exist answers 404.
 */
export function matchRoute<Context>(
  routes: readonly Route<Context>[],
  method: string,
  path: string,
): RouteMatch<Context> {
  const allowed: string[] = [];
  const segments = path.split("/");
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === null) continue;
    if (route.method === method || (method === "HEAD" && route.method === "GET")) return { route, params };
    allowed.push(route.method);
  }
  if (allowed.length > 0) {
    throw new ApiError("method_not_allowed", { headers: { allow: [...new Set(allowed)].join(", ") } });
  }
  throw new ApiError("not_found");
}
