/** The path and query of a request, read from its URL string without parsing a whole `URL`. */
export interface RequestTarget {
  /** As `URL.pathname`: percent-encoded, without the query. */
  readonly pathname: string;
  /** As `URL.search`: empty, or `?` and the query. */
  readonly search: string;
}

/**
 * Splits `request.url` into its path and query. A `Request`'s URL is absolute and already serialized by
 * the URL parser (no fragment), so the path starts at the first `/` after the authority. Parsing a whole
 * `URL` costs more than the rest of a light route; routes that need one get it lazily.
 */
export function requestTarget(href: string): RequestTarget {
  const authority = href.indexOf("//");
  const start = href.indexOf("/", authority === -1 ? 0 : authority + 2);
  if (start === -1) return { pathname: "/", search: "" };
  const query = href.indexOf("?", start);
  const hash = href.indexOf("#", start);
  const end = hash === -1 ? href.length : hash;
  if (query === -1 || query > end) return { pathname: href.slice(start, end), search: "" };
  const search = href.slice(query, end);
  return { pathname: href.slice(start, query), search: search === "?" ? "" : search };
}
