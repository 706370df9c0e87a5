import { ApiError } from "./api-error.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests a browser sent from another site (CSRF). Browsers send
 * `Sec-Fetch-Site` and `Origin` on every such request; a request with neither comes from a non-browser
 * client, which carries no ambient cookies to abuse.
 */
export function assertSameSite(request: Request, publicOrigin: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new ApiError("cross_site_request");
  }
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== publicOrigin) throw new ApiError("cross_site_request");
}
