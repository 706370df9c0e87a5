import { describe, expect, it } from "vitest";
import { isSafeReturnTo } from "./return-to.ts";

describe("isSafeReturnTo", () => {
  it.each([
    "/",
    "/admin/integrations/calendars",
    "/admin/integrations/calendars?tab=google#top",
    "/a/b%20c",
    "/search?q=%2Fslash",
  ])("accepts the same-origin path %s", (value) => {
    expect(isSafeReturnTo(value)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["absolute https", "https://evil.test/"],
    ["absolute http", "http://evil.test"],
    ["protocol-relative", "//evil.test/path"],
    ["backslash host", "/\\evil.test"],
    ["backslash later", "/admin\\..\\x"],
    ["javascript scheme", "javascript:alert(1)"],
    ["data scheme", "data:text/html,hi"],
    ["relative without slash", "admin"],
    ["encoded slash", "/%2Fevil.test"],
    ["double-encoded slash", "/%252Fevil.test"],
    ["encoded backslash", "/%5Cevil.test"],
    ["CR/LF", "/admin\r\nSet-Cookie: x=1"],
    ["encoded CR/LF", "/admin%0d%0aSet-Cookie:%20x=1"],
    ["tab in host position", "/\t/evil.test"],
    ["NUL", "/admin\u0000"],
    ["broken escape", "/%E0%A4%A"],
    ["too long", `/${"a".repeat(2048)}`],
  ])("refuses %s", (_name, value) => {
    expect(isSafeReturnTo(value)).toBe(false);
  });
});
