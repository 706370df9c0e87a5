import * as z from "zod/mini";
import { ErrorCode } from "./errors.ts";
import { LIMITS } from "./limits.ts";

/** One invalid field of a request, named by its path. */
export const FieldIssue = z.object({
  path: z.string().check(z.maxLength(256)),
  message: z.string().check(z.maxLength(LIMITS.message)),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** An RFC 9457 problem (`application/problem+json`) with the kit's stable `code`. */
export const Problem = z.object({
  type: z.string().check(z.maxLength(LIMITS.url)),
  title: z.string().check(z.maxLength(LIMITS.message)),
  status: z.int().check(z.gte(400), z.lte(599)),
  detail: z.optional(z.string().check(z.maxLength(LIMITS.message))),
  instance: z.optional(z.string().check(z.maxLength(LIMITS.url))),
  code: ErrorCode,
  /** For `validation_failed`: which fields were wrong. */
  errors: z.optional(z.array(FieldIssue)),
  /** For `rate_limited` and `provider_unavailable`: when to try again. */
  retryAt: z.optional(z.string().check(z.maxLength(64))),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
