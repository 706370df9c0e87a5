import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.ts";
import { assertSameSite } from "./origin.ts";

const origin = "https://app.test";

function request(method: string, headers: Record<string, string>): Request {
  return new Request(`${origin}/api/calendar-connections/connections/c1`, { method, headers });
}

describe("assertSameSite", () => {
  it.each([
    ["a same-origin fetch", "DELETE", { "sec-fetch-site": "same-origin", origin }],
    ["a request typed in the address bar", "POST", { "sec-fetch-site": "none" }],
    ["an older browser sending only Origin", "PATCH", { origin }],
    ["a non-browser client", "POST", {}],
    [
      "a cross-site GET (reads are guarded by the session and CORS)",
      "GET",
      { "sec-fetch-site": "cross-site" },
    ],
  ])("lets through %s", (_name, method, headers) => {
    expect(() => assertSameSite(request(method, headers), origin)).not.toThrow();
  });

  it.each([
    ["a cross-site POST", "POST", { "sec-fetch-site": "cross-site", origin: "https://evil.test" }],
    [
      "a same-site subdomain DELETE",
      "DELETE",
      { "sec-fetch-site": "same-site", origin: "https://x.app.test" },
    ],
    ["a foreign Origin without fetch metadata", "PATCH", { origin: "https://evil.test" }],
    ["an opaque origin", "POST", { origin: "null" }],
  ])("refuses %s", (_name, method, headers) => {
    expect(() => assertSameSite(request(method, headers), origin)).toThrow(ApiError);
  });
});
