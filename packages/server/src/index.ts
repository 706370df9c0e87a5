// The storage, OAuth, handlers and sync worker land here (see the open issues).
export * from "./storage/index.ts";
export {};
