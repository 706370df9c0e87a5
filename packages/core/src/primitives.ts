import * as z from "zod/mini";

/** A string of 1 to `max` characters. */
export function text(max: number): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1), z.maxLength(max));
}

/** An ISO 8601 date-time with an offset or `Z`, as every timestamp in the API is sent. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** A JSON-safe scalar, the only values allowed in audit details. */
export const Scalar = z.union([z.string().check(z.maxLength(2000)), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof Scalar>;
