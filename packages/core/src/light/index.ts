// The contract's zod-free part, its own entry point: plain values (codes, patterns, limits), the same-origin check
// of `returnTo`, and checks of the answers a page reads first. A browser page that imports only this entry bundles
// no zod: a bundler that splits code at `import()` keeps every module reached through the main entry together.
export { LIMITS } from "../limits.ts";
export { isSafeReturnTo } from "../return-to.ts";
export {
  AUDIT_ACTIONS,
  CALLBACK_ERROR_CODES,
  CONNECTION_STATUSES,
  ERROR_CODE_LIST,
  FORM_FIELD_NAME_PATTERN,
  FORM_FIELD_TYPES,
  HEALTH_REASONS,
  isProviderId,
  PROBLEM_CONTENT_TYPE,
  PROVIDER_ID_PATTERN,
  RETURN_PARAMS,
} from "../vocabulary.ts";
export {
  ConnectionCheck,
  ConnectionListCheck,
  OAuthReturnCheck,
  ProblemCheck,
  ProviderListCheck,
  SyncActivityCheck,
  TIMESTAMP_PATTERN,
} from "./answers.ts";
export type { AnswerCheck, CheckResult } from "./readers.ts";
