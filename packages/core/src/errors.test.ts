import { describe, expect, it } from "vitest";
import { ERROR_CODES, ErrorCode, problemTypeForCode, statusForCode } from "./errors.ts";
import { CALLBACK_ERROR_CODES } from "./vocabulary.ts";

describe("error codes", () => {
  it("map to client or server error statuses", () => {
    for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(title.length, code).toBeGreaterThan(0);
    }
  });

  it("map the edge failures to the statuses the API promises", () => {
    expect(statusForCode("unauthenticated")).toBe(401);
    expect(statusForCode("forbidden")).toBe(403);
    expect(statusForCode("connection_not_found")).toBe(404);
    expect(statusForCode("method_not_allowed")).toBe(405);
    expect(statusForCode("payload_too_large")).toBe(413);
    expect(statusForCode("unsupported_media_type")).toBe(415);
    expect(statusForCode("invalid_json")).toBe(400);
    expect(statusForCode("validation_failed")).toBe(400);
  });

  it("are snake_case and have distinct problem types", () => {
    const types = new Set<string>();
    for (const code of ErrorCode.options) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      types.add(problemTypeForCode(code));
    }
    expect(types.size).toBe(Object.keys(ERROR_CODES).length);
  });

  it("lets the callback redirect only with known codes", () => {
    for (const code of CALLBACK_ERROR_CODES) expect(ERROR_CODES[code]).toBeDefined();
    expect(ErrorCode.safeParse("no_such_code").success).toBe(false);
  });
});
