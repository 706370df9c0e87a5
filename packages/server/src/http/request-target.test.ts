import { describe, expect, it } from "vitest";
import { requestTarget } from "./request-target.ts";

describe("requestTarget", () => {
  it.each([
    "https://app.example.com/api/calendar-connections/providers",
    "https://app.example.com/api/calendar-connections/providers?locale=de",
    "http://127.0.0.1:8080/api/x/connections/conn%2001?include=disconnected&include=x",
    "https://app.example.com",
    "https://app.example.com/",
    "https://app.example.com/a?",
    "https://app.example.com/a?b=1#frag",
    "https://app.example.com/a#frag?not-a-query",
    "https://app.example.com:443/a/b/../c?d=%20",
    "https://app.example.com/%7Efeeds/a%2Fb.ics",
  ])("agrees with URL on %s", (href) => {
    // What a Request carries is the URL parser's serialization.
    const serialized = new Request(href).url;
    const url = new URL(serialized);
    expect(requestTarget(serialized)).toEqual({ pathname: url.pathname, search: url.search });
  });
});
