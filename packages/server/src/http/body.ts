import { LIMITS, toFieldIssues } from "@org/calendar-connections-core";
import type * as z from "zod/mini";
import { ApiError } from "./api-error.ts";

// Keys that would reach an object's prototype chain if a later merge copied them.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const mediaType = value.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * The bytes of a body stream, at most `limit` of them: past it the stream is cancelled and `tooLarge()`
 * thrown, so nothing bigger is ever buffered. Shared by request bodies and what providers read.
 */
export async function readBytesCapped(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads at most `limit` bytes of the body; refuses more without buffering it. */
async function readLimited(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new ApiError("payload_too_large");
  const bytes = await readBytesCapped(request.body, limit, () => new ApiError("payload_too_large"));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("invalid_json", { detail: "The body is not valid UTF-8." });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key))
        throw new ApiError("validation_failed", { detail: `"${key}" is not allowed.` });
      return value;
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("invalid_json");
  }
}

/**
 * Reads a JSON request body and validates it with a core schema.
 * 413 above 64 KiB (checked before parsing), 415 without a JSON content type, 400 for malformed JSON or
 * invalid fields. An empty body is read as `{}` so `POST` routes with only optional fields need none.
 */
export async function readJsonBody<T>(request: Request, schema: z.ZodMiniType<T>): Promise<T> {
  const text = await readLimited(request, LIMITS.maxBodyBytes);
  if (text.trim() === "" && !request.headers.has("content-type")) return validate({}, schema);
  if (!isJsonContentType(request.headers.get("content-type"))) throw new ApiError("unsupported_media_type");
  return validate(text.trim() === "" ? {} : parseJson(text), schema);
}

/** Validates a value with a core schema, turning failures into a 400 `validation_failed` problem. */
export function validate<T>(value: unknown, schema: z.ZodMiniType<T>): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ApiError("validation_failed", { errors: toFieldIssues(result.error) });
  }
  return result.data;
}
