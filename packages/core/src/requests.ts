import * as z from "zod/mini";
import { ProviderId } from "./enums.ts";
import { LIMITS } from "./limits.ts";
import { refined, text, upTo } from "./primitives.ts";
import { isSafeReturnTo } from "./return-to.ts";

/** A same-origin relative path to come back to after OAuth. */
export const ReturnTo = refined(
  upTo(LIMITS.returnTo),
  isSafeReturnTo,
  "returnTo must be a relative path on this site",
);

/** `POST /oauth/:provider/start` body. */
export const StartOAuthBody = z.strictObject({
  returnTo: z.optional(ReturnTo),
  /** A reconnect of this connection: the consent screen is asked to preselect its account (`login_hint`). */
  connectionId: z.optional(text(LIMITS.id)),
});
export type StartOAuthBody = z.infer<typeof StartOAuthBody>;

const oauthParam = /* @__PURE__ */ upTo(LIMITS.oauthParam);

/**
 * `GET /oauth/:provider/callback` query, as the provider sends it (RFC 6749 §4.1.2): `state` always,
 * then either `code` or `error`. Unknown parameters (Google's `authuser`, `prompt`…) are ignored.
 */
export const CallbackQuery = refined(
  z.object({
    state: text(LIMITS.oauthParam),
    code: z.optional(text(LIMITS.oauthParam)),
    scope: z.optional(oauthParam),
    error: z.optional(text(256)),
    error_description: z.optional(oauthParam),
    iss: z.optional(oauthParam),
  }),
  (query) => (query.code === undefined) !== (query.error === undefined),
  "exactly one of code and error is required",
);
export type CallbackQuery = z.infer<typeof CallbackQuery>;

/** `PATCH /connections/:id` body: select the calendar to sync into. */
export const UpdateConnectionBody = z.strictObject({
  calendarId: text(LIMITS.calendarId),
  /**
   * What becomes of the events already synced into another calendar: `leave` them where they are
   * (the default; later changes still reach them there) or `move` them (deleted there, created here,
   * through the sync queue).
   */
  existingEvents: z.optional(z.enum(["move", "leave"])),
});
export type UpdateConnectionBody = z.infer<typeof UpdateConnectionBody>;

/** The values of a `form` provider's connect form, by field name; the provider's own schema checks them. */
export const ConnectInput = z.record(
  z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/)),
  upTo(LIMITS.formValue),
);
export type ConnectInput = z.infer<typeof ConnectInput>;

/**
 * `POST /connections` body, for providers that do not use OAuth: `{ provider }` for an `instant`
 * provider, `{ provider, input }` for a `form` provider.
 */
export const CreateConnectionBody = z.strictObject({
  provider: ProviderId,
  input: z.optional(ConnectInput),
});
export type CreateConnectionBody = z.infer<typeof CreateConnectionBody>;
