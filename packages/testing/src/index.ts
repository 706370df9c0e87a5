// The fakes (also `./fakes`, which loads in any runtime) and the Node-only helpers.
export * from "./fakes.ts";
export {
  type RadicaleCalendarSeed,
  type RadicaleOptions,
  type RadicaleServer,
  startRadicale,
} from "./radicale.ts";
