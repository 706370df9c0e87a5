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

interface StaticEntry<Context> {
  readonly route: Route<Context>;
  readonly params: Readonly<Record<string, string>>;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

// Most requests name a route without parameters (`/providers`, `/connections`): find those by one map
// lookup instead of walking the table. Built once per table.
const staticIndexes = new WeakMap<readonly object[], Map<string, StaticEntry<unknown>>>();

function staticIndex<Context>(routes: readonly Route<Context>[]): Map<string, StaticEntry<Context>> {
  let index = staticIndexes.get(routes) as Map<string, StaticEntry<Context>> | undefined;
  if (index !== undefined) return index;
  index = new Map();
  for (const [position, route] of routes.entries()) {
    if (route.pattern.includes(":")) continue;
    const key = `${route.method} ${route.pattern}`;
    // The table's order decides between routes that match the same request: index only a route that
    // no earlier route of its method would take first.
    const segments = route.pattern.split("/");
    const shadowed = routes
      .slice(0, position)
      .some((earlier) => earlier.method === route.method && matchPattern(earlier.pattern, segments) !== null);
    if (!shadowed && !index.has(key)) index.set(key, { route, params: NO_PARAMS });
  }
  staticIndexes.set(routes, index as Map<string, StaticEntry<unknown>>);
  return index;
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
  const fast = staticIndex(routes).get(`${method === "HEAD" ? "GET" : method} ${path}`);
  if (fast !== undefined) return fast;
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
