/** The base of every error the storage layer throws on purpose. */
export class StorageError extends Error {
  override readonly name: string = "StorageError";
}

/** A uniqueness rule would break (one active connection per organization and provider, a duplicate id, …). */
export class StorageConflictError extends StorageError {
  override readonly name: string = "StorageConflictError";
}
