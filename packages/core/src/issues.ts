import type * as z from "zod/mini";
import type { FieldIssue } from "./problem.ts";

/** Turns a zod error into the `errors` list of a `validation_failed` problem (`a.b[0]` style paths). */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path
      .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
      .join(""),
    message: issue.message,
  }));
}
