// Test support: a small browser. It keeps cookies per host and path, follows redirects across origins,
// and sends requests for the host app's origin to the kit's handler in memory; everything else goes to
// the loopback servers over real HTTP.

/** Where the host app lives, and the kit's handler mounted in it. */
export interface HostApp {
  readonly origin: string;
  readonly basePath: string;
  readonly handler: (request: Request) => Promise<Response>;
}

/** Where a navigation ended: a page that answered, or the host app's own page (which no test serves). */
export interface Landing {
  readonly url: URL;
  /** Null when the browser arrived back on the host app outside the kit's base path. */
  readonly response: Response | null;
}

interface StoredCookie {
  readonly host: string;
  readonly path: string;
  readonly name: string;
  readonly value: string;
}

const MAX_REDIRECTS = 20;

function defaultPath(url: URL): string {
  const last = url.pathname.lastIndexOf("/");
  return last <= 0 ? "/" : url.pathname.slice(0, last);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) &&
      (cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/"))
  );
}

/** A cookie jar and redirect-following fetch, like a browser tab. */
export class Browser {
  private cookies: StoredCookie[] = [];
  /** Every answer of the kit's handler, as text: status, headers and body. */
  readonly kitResponses: string[] = [];

  constructor(private readonly app: HostApp) {}

  /** Stores a `Set-Cookie` value as if `url` had answered it. */
  setCookie(url: URL, header: string): void {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const separator = pair.indexOf("=");
    if (separator <= 0) return;
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    let path = defaultPath(url);
    let expired = value === "";
    for (const attribute of attributes) {
      const [key = "", val = ""] = attribute.split("=", 2);
      const lower = key.toLowerCase();
      if (lower === "path" && val.startsWith("/")) path = val;
      if (lower === "max-age" && Number(val) <= 0) expired = true;
      if (lower === "expires" && Date.parse(val) <= Date.now()) expired = true;
    }
    this.cookies = this.cookies.filter(
      (cookie) => !(cookie.host === url.host && cookie.path === path && cookie.name === name),
    );
    if (!expired) this.cookies.push({ host: url.host, path, name, value });
  }

  /** The `Cookie` header a request to `url` carries, or null. */
  cookieHeader(url: URL): string | null {
    const sent = this.cookies
      .filter((cookie) => cookie.host === url.host && pathMatches(cookie.path, url.pathname))
      .sort((a, b) => b.path.length - a.path.length)
      .map((cookie) => `${cookie.name}=${cookie.value}`);
    return sent.length === 0 ? null : sent.join("; ");
  }

  /** One request, no redirect followed; cookies go out and come back as a browser's would. */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input, this.app.origin);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie !== null) headers.set("cookie", cookie);
    const method = init.method ?? "GET";
    // A browser names the page's origin on every request that is not a plain GET; pages here are same-origin.
    if (method !== "GET" && method !== "HEAD") headers.set("origin", url.origin);
    const request = new Request(url, { ...init, headers, redirect: "manual" });
    const response =
      url.origin === this.app.origin
        ? await this.app.handler(request)
        : await fetch(request, { redirect: "manual" });
    for (const header of response.headers.getSetCookie()) this.setCookie(url, header);
    if (url.origin === this.app.origin) {
      this.kitResponses.push(
        `${response.status} ${JSON.stringify([...response.headers])} ${await response.clone().text()}`,
      );
    }
    return response;
  }

  /** Navigates (or submits, with `init`), following redirects until a page answers or the host app is reached. */
  async go(input: string | URL, init: RequestInit = {}): Promise<Landing> {
    let url = new URL(input, this.app.origin);
    let response = await this.fetch(url, init);
    for (let hops = 0; response.status >= 300 && response.status < 400; hops += 1) {
      const location = response.headers.get("location");
      if (location === null || hops === MAX_REDIRECTS) throw new Error(`redirect without end at ${url.href}`);
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin === this.app.origin && !url.pathname.startsWith(`${this.app.basePath}/`)) {
        return { url, response: null };
      }
      response = await this.fetch(url);
    }
    return { url, response };
  }

  /** Submits an HTML-style form (`application/x-www-form-urlencoded`) and follows the redirects. */
  submit(input: string | URL, fields: Readonly<Record<string, string>>): Promise<Landing> {
    return this.go(input, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  }
}
