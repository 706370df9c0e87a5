/**
 * An event the kit cannot write as the host gave it: malformed (fails the event schema), with a zone
 * the runtime does not know, or with something the connection's provider cannot represent. No retry
 * fixes it, so the job is dead-lettered at once with this message, which the activity page shows.
 */
export class UnrepresentableEventError extends Error {
  override readonly name = "UnrepresentableEventError";
}

/** Whether an error is an `UnrepresentableEventError`. */
export function isUnrepresentable(error: unknown): error is UnrepresentableEventError {
  return error instanceof UnrepresentableEventError;
}
