// The answers a browser page reads on its first load (providers, connections, a connection, a problem, the OAuth
// return), checked as strictly as their zod schemas but without zod's runtime. `answers.test.ts` feeds both the
// same bodies and every one-field change of them, and fails when one accepts what the other refuses.
import type { Connection, ConnectionList } from "../connection.ts";
import { LIMITS } from "../limits.ts";
import type { Problem } from "../problem.ts";
import type { ConnectMethod, FormField, ProviderIcon, ProviderList } from "../provider.ts";
import type { OAuthReturn } from "../responses.ts";
import type { SyncActivity } from "../sync.ts";
import {
  CALLBACK_ERROR_CODES,
  CONNECTION_STATUSES,
  ERROR_CODE_LIST,
  FORM_FIELD_NAME_PATTERN,
  FORM_FIELD_TYPES,
  HEALTH_REASONS,
  PROVIDER_ID_PATTERN,
} from "../vocabulary.ts";
import {
  type AnswerCheck,
  answerCheck,
  array,
  boolean,
  int,
  nullable,
  object,
  oneOf,
  optional,
  type Reader,
  string,
  tagged,
} from "./readers.ts";

const DATE =
  "(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))";
const TIME = "(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?";
/** The pattern of core's `Timestamp` (zod's ISO date-time with an offset or `Z`), the same source. */
export const TIMESTAMP_PATTERN: RegExp = new RegExp(
  `^${DATE}T(?:${TIME}(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`,
);

const text = (max: number): Reader<string> => string(1, max);
const upTo = (max: number): Reader<string> => string(0, max);
const anyLength = Number.POSITIVE_INFINITY;
const timestamp = string(0, anyLength, TIMESTAMP_PATTERN);
const providerId = string(0, anyLength, PROVIDER_ID_PATTERN);

const formField: Reader<FormField> = object({
  name: string(0, anyLength, FORM_FIELD_NAME_PATTERN),
  label: text(LIMITS.name),
  type: oneOf(FORM_FIELD_TYPES),
  required: boolean,
  help: optional(upTo(LIMITS.message)),
  placeholder: optional(upTo(LIMITS.name)),
  maxLength: optional(int(1, LIMITS.formValue)),
  autoComplete: optional(upTo(64)),
  options: optional(array(object({ value: upTo(LIMITS.name), label: text(LIMITS.name) }), 50)),
  defaultValue: optional(upTo(LIMITS.name)),
});

const providerList: Reader<ProviderList> = object({
  providers: array(
    object({
      id: providerId,
      name: text(LIMITS.name),
      description: upTo(LIMITS.message),
      capabilities: object({
        calendarPicker: boolean,
        multiplePerOrganization: boolean,
        writesEvents: boolean,
      }),
      icon: tagged<ProviderIcon>("type", {
        key: object({ type: oneOf(["key"]), key: text(64) }),
        svg: object({ type: oneOf(["svg"]), svg: text(LIMITS.iconSvg) }),
      }),
      connect: tagged<ConnectMethod>("kind", {
        oauth: object({ kind: oneOf(["oauth"]) }),
        form: object({
          kind: oneOf(["form"]),
          fields: array(formField, LIMITS.formFields),
          submitLabel: optional(text(LIMITS.name)),
        }),
        instant: object({ kind: oneOf(["instant"]), actionLabel: optional(text(LIMITS.name)) }),
      }),
      configured: boolean,
      enabled: boolean,
    }),
  ),
});

const connection: Reader<Connection> = object({
  id: text(LIMITS.id),
  organizationId: text(LIMITS.id),
  provider: providerId,
  status: oneOf(CONNECTION_STATUSES),
  health: nullable(
    object({
      reason: oneOf(HEALTH_REASONS),
      message: upTo(LIMITS.message),
      retryAt: nullable(timestamp),
      fromProvider: optional(boolean),
    }),
  ),
  accountEmail: nullable(upTo(LIMITS.email)),
  calendarId: nullable(text(LIMITS.calendarId)),
  calendarName: nullable(upTo(LIMITS.name)),
  scopes: array(text(LIMITS.scope), LIMITS.scopes),
  lastSyncedAt: nullable(timestamp),
  createdAt: timestamp,
  updatedAt: timestamp,
  createdBy: nullable(text(LIMITS.id)),
  createdByName: optional(nullable(upTo(LIMITS.name))),
  disconnectedAt: optional(nullable(timestamp)),
  disconnectRequestedAt: optional(nullable(timestamp)),
});

const problem: Reader<Problem> = object({
  type: upTo(LIMITS.url),
  title: upTo(LIMITS.message),
  status: int(400, 599),
  detail: optional(upTo(LIMITS.message)),
  instance: optional(upTo(LIMITS.url)),
  code: oneOf(ERROR_CODE_LIST),
  errors: optional(array(object({ path: upTo(256), message: upTo(LIMITS.message) }))),
  retryAt: optional(upTo(64)),
});

const count = int(0, Number.MAX_SAFE_INTEGER);

const syncActivity: Reader<SyncActivity> = object({
  counts: object({ synced: count, waiting: count, failing: count, moving: optional(count) }),
  lastError: nullable(
    object({ message: upTo(LIMITS.message), reason: nullable(oneOf(HEALTH_REASONS)), at: timestamp }),
  ),
  failing: array(
    object({
      eventId: text(LIMITS.id),
      title: nullable(upTo(LIMITS.name)),
      status: oneOf(["retrying", "failed"]),
      attempts: count,
      lastError: nullable(upTo(LIMITS.message)),
      lastFailedAt: timestamp,
      nextAttemptAt: nullable(timestamp),
    }),
  ),
  nextCursor: nullable(text(LIMITS.id)),
});

/** `GET /providers` checked like core's `ProviderList` schema, without zod. */
export const ProviderListCheck: AnswerCheck<ProviderList> = answerCheck(providerList);
/** `GET /connections` checked like core's `ConnectionList` schema, without zod. */
export const ConnectionListCheck: AnswerCheck<ConnectionList> = answerCheck(
  object({ connections: array(connection) }),
);
/** One connection checked like core's `Connection` schema, without zod. */
export const ConnectionCheck: AnswerCheck<Connection> = answerCheck(connection);
/** A problem+json body checked like core's `Problem` schema, without zod. */
export const ProblemCheck: AnswerCheck<Problem> = answerCheck(problem);
/** The OAuth return's query parameters checked like core's `OAuthReturn` schema, without zod. */
export const OAuthReturnCheck: AnswerCheck<OAuthReturn> = answerCheck(
  tagged<OAuthReturn>("calendarConnection", {
    connected: object({ calendarConnection: oneOf(["connected"]), connectionId: text(LIMITS.id) }),
    error: object({ calendarConnection: oneOf(["error"]), code: oneOf(CALLBACK_ERROR_CODES) }),
  }),
);
/** `GET /connections/:id/activity` checked like core's `SyncActivity` schema, without zod (the panel's counts). */
export const SyncActivityCheck: AnswerCheck<SyncActivity> = answerCheck(syncActivity);
