import { StartOAuthBody, UpdateConnectionBody } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.ts";
import { readJsonBody } from "./body.ts";

function post(
  body: string | Uint8Array | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return new Request("https://app.test/api/calendar-connections/connections/c1", {
    method: "PATCH",
    body,
    headers,
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
  return "resolved";
}

describe("readJsonBody", () => {
  it("parses and validates a JSON body", async () => {
    await expect(readJsonBody(post('{"calendarId":"primary"}'), UpdateConnectionBody)).resolves.toEqual({
      calendarId: "primary",
    });
  });

  it("accepts a JSON content type with parameters and +json suffixes", async () => {
    const body = '{"calendarId":"x"}';
    await expect(
      readJsonBody(post(body, { "content-type": "Application/JSON; charset=utf-8" }), UpdateConnectionBody),
    ).resolves.toEqual({ calendarId: "x" });
    await expect(
      readJsonBody(post(body, { "content-type": "application/merge-patch+json" }), UpdateConnectionBody),
    ).resolves.toEqual({ calendarId: "x" });
  });

  it("reads an absent body as an empty object", async () => {
    await expect(readJsonBody(post(null, {}), StartOAuthBody)).resolves.toEqual({});
  });

  it.each([
    ["a body over 64 KiB", post(JSON.stringify({ calendarId: "x".repeat(70_000) })), "413 payload_too_large"],
    [
      "a declared length over 64 KiB",
      post("{}", { "content-type": "application/json", "content-length": "70000" }),
      "413 payload_too_large",
    ],
    [
      "a form body",
      post("calendarId=x", { "content-type": "application/x-www-form-urlencoded" }),
      "415 unsupported_media_type",
    ],
    [
      "text/plain",
      post('{"calendarId":"x"}', { "content-type": "text/plain" }),
      "415 unsupported_media_type",
    ],
    ["a body without a content type", post('{"calendarId":"x"}', {}), "415 unsupported_media_type"],
    ["malformed JSON", post('{"calendarId":'), "400 invalid_json"],
    ["invalid UTF-8", post(new Uint8Array([0x7b, 0xff, 0x7d])), "400 invalid_json"],
    ["a wrong type", post('{"calendarId":42}'), "400 validation_failed"],
    ["an unknown key", post('{"calendarId":"x","status":"active"}'), "400 validation_failed"],
    ["a __proto__ key", post('{"calendarId":"x","__proto__":{"admin":true}}'), "400 validation_failed"],
    [
      "a nested constructor key",
      post('{"calendarId":"x","a":{"constructor":{"prototype":1}}}'),
      "400 validation_failed",
    ],
    ["an array", post('["primary"]'), "400 validation_failed"],
    ["null", post("null"), "400 validation_failed"],
  ])("refuses %s", async (_name, request, expected) => {
    expect(await codeOf(readJsonBody(request, UpdateConnectionBody))).toBe(expected);
  });

  it("names the invalid field", async () => {
    try {
      await readJsonBody(post('{"calendarId":""}'), UpdateConnectionBody);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).errors).toEqual([{ path: "calendarId", message: expect.any(String) }]);
    }
  });

  it("does not pollute Object.prototype", async () => {
    await codeOf(readJsonBody(post('{"__proto__":{"polluted":true}}'), UpdateConnectionBody));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
