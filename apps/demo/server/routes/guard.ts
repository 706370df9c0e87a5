import type { MiddlewareHandler } from "hono";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests another site's page sent (CSRF): browsers send Sec-Fetch-Site and
 * Origin; scripts (curl, Playwright's request API) send neither and carry only the cookie they were given.
 */
export function sameSiteOnly(publicOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const site = c.req.header("sec-fetch-site");
      const origin = c.req.header("origin");
      if (
        (site !== undefined && site !== "same-origin" && site !== "none") ||
        (origin && origin !== publicOrigin)
      )
        return c.json({ title: "Cross-site request refused", status: 403 }, 403);
    }
    await next();
  };
}
