import * as z from "zod/mini";
import { _isoDateTime } from "zod/v4/core";

// Every helper here is marked free of side effects, and the schemas are built only through them (zod's
// own factories carry the same mark), so a bundler drops every schema a client does not import.

/** A string of 1 to `max` characters. */
/* @__NO_SIDE_EFFECTS__ */
export function text(max: number): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1), z.maxLength(max));
}

/** A string of at most `max` characters (empty allowed). */
/* @__NO_SIDE_EFFECTS__ */
export function upTo(max: number): z.ZodMiniString<string> {
  return z.string().check(z.maxLength(max));
}

/** A whole number ≥ 0. */
/* @__NO_SIDE_EFFECTS__ */
export function count(): z.ZodMiniNumber<number> {
  return z.int().check(z.nonnegative());
}

/** A number ≥ 0. */
/* @__NO_SIDE_EFFECTS__ */
export function nonNegative(): z.ZodMiniNumber<number> {
  return z.number().check(z.nonnegative());
}

/** A whole number from `min` to `max`. */
/* @__NO_SIDE_EFFECTS__ */
export function intBetween(min: number, max: number): z.ZodMiniNumber<number> {
  return z.int().check(z.gte(min), z.lte(max));
}

/** An http(s) URL of at most `max` characters. */
/* @__NO_SIDE_EFFECTS__ */
export function httpUrl(max: number): z.ZodMiniURL {
  return z.url({ protocol: /^https?$/ }).check(z.maxLength(max));
}

/** A list of at most `max` items. */
/* @__NO_SIDE_EFFECTS__ */
export function listOf<T extends z.ZodMiniType>(item: T, max: number): z.ZodMiniArray<T> {
  return z.array(item).check(z.maxLength(max));
}

/** A schema with one more rule. */
/* @__NO_SIDE_EFFECTS__ */
export function refined<T extends z.ZodMiniType>(
  schema: T,
  rule: (value: z.output<T>) => boolean,
  message: string,
): T {
  return schema.check(z.refine(rule, { message }));
}

/**
 * An ISO 8601 date-time with an offset or `Z`, as every timestamp in the API is sent. Built from the date-time
 * class directly: `z.iso.datetime` goes through the `iso` namespace, which bundles its date, time and duration
 * schemas too.
 */
export const Timestamp: z.ZodMiniISODateTime = _isoDateTime(z.ZodMiniISODateTime, { offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** A JSON-safe scalar, the only values allowed in audit details. */
export const Scalar = z.union([upTo(2000), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;
