import * as z from "zod/mini";
import { ErrorCode } from "./errors.ts";
import { LIMITS } from "./limits.ts";
import { intBetween, upTo } from "./primitives.ts";

/** One invalid field of a request, named by its path. */
export const FieldIssue = z.object({
  path: upTo(256),
  message: upTo(LIMITS.message),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** An RFC 9457 problem (`application/problem+json`) with the kit's stable `code`. */
export const Problem = z.object({
  type: upTo(LIMITS.url),
  title: upTo(LIMITS.message),
  status: intBetween(400, 599),
  detail: z.optional(upTo(LIMITS.message)),
  instance: z.optional(upTo(LIMITS.url)),
  code: ErrorCode,
  /** For `validation_failed`: which fields were wrong. */
  errors: z.optional(z.array(FieldIssue)),
  /** For `rate_limited` and `provider_unavailable`: when to try again. */
  retryAt: z.optional(upTo(64)),
});
export type Problem = z.infer<typeof Problem>;
