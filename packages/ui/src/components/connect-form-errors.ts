import type { FormField } from "@org/calendar-connections-core";
import { CalendarConnectionsError } from "../data/client.ts";
import type { Messages } from "../i18n/en.ts";
import { errorMessage } from "../i18n/format.ts";
import type { ConnectFormFieldErrors } from "./connect-form.tsx";

/** Where a failed connect attempt's messages go in a `ConnectForm`. */
export interface ConnectFormErrors {
  /** Messages by field name, for the fields the server named. */
  fieldErrors: ConnectFormFieldErrors;
  /** What belongs to no field, or null. */
  formError: string | null;
}

/**
 * Splits a failed `POST /connections` for a `ConnectForm`: a `validation_failed` problem's `errors` go under the
 * fields their `path` names (`input.calendarId` or `calendarId`); anything else (issues of unknown fields, other
 * problems, network failures) is one form-level message: the problem's `detail`, else the catalog's words for
 * its code.
 */
export function connectFormErrors(
  error: unknown,
  fields: readonly Pick<FormField, "name">[],
  messages: Messages,
): ConnectFormErrors {
  const problem = error instanceof CalendarConnectionsError ? error.problem : null;
  const fieldErrors: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of problem?.code === "validation_failed" ? (problem.errors ?? []) : []) {
    const name = issue.path.replace(/^input[./]/, "");
    if (fields.some((field) => field.name === name)) fieldErrors[name] ??= issue.message;
    else rest.push(issue.message);
  }
  const matched = Object.keys(fieldErrors).length > 0;
  const formError =
    rest.length > 0 ? rest.join(" ") : matched ? null : (problem?.detail ?? errorMessage(error, messages));
  return { fieldErrors, formError };
}
