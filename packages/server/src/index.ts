// The storage, OAuth, handlers and sync worker land here (see the open issues).
export * from "./crypto/index.ts";
export * from "./storage/index.ts";
export * from "./providers/index.ts";
