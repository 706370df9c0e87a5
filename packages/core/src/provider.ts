import * as z from "zod/mini";
import { ProviderId } from "./enums.ts";
import { LIMITS } from "./limits.ts";
import { intBetween, listOf, text, upTo } from "./primitives.ts";
import { FORM_FIELD_NAME_PATTERN, FORM_FIELD_TYPES } from "./vocabulary.ts";

/** What a provider can do; the UI decides which controls to show from these flags alone. */
export const ProviderCapabilitiesSchema = z.object({
  /** The connected account has several calendars to choose the sync target from. */
  calendarPicker: z.boolean(),
  /** An organization may hold more than one non-disconnected connection of this provider. */
  multiplePerOrganization: z.boolean(),
  /** The sync worker writes the product's events into this provider. */
  writesEvents: z.boolean(),
});
/** What a provider can do (see {@link ProviderCapabilitiesSchema}). */
export type ProviderCapabilities = z.infer<typeof ProviderCapabilitiesSchema>;

/**
 * A provider's mark: a well-known key the UI has a drawing for (and a host may register more), or an
 * inline SVG document the UI shows as an image (never as markup, so it cannot run script).
 */
export const ProviderIcon = z.discriminatedUnion("type", [
  z.object({ type: z.literal("key"), key: text(64) }),
  z.object({ type: z.literal("svg"), svg: text(LIMITS.iconSvg) }),
]);
export type ProviderIcon = z.infer<typeof ProviderIcon>;

/** The schema of a {@link FORM_FIELD_TYPES} value. */
export const FormFieldType = z.enum(FORM_FIELD_TYPES);
/** The kind of input a connect form field takes (see {@link FORM_FIELD_TYPES}). */
export type FormFieldType = z.infer<typeof FormFieldType>;

/** One field of a `form` provider's connect form, as the UI renders it. */
export const FormField = z.object({
  /** The key of the value in `POST /connections`'s `input`. */
  name: z.string().check(z.regex(FORM_FIELD_NAME_PATTERN)),
  label: text(LIMITS.name),
  type: FormFieldType,
  required: z.boolean(),
  /** One or two sentences under the field: what to enter and where to find it. */
  help: z.optional(upTo(LIMITS.message)),
  placeholder: z.optional(upTo(LIMITS.name)),
  maxLength: z.optional(intBetween(1, LIMITS.formValue)),
  /** An HTML `autocomplete` token, e.g. `username` or `off`. */
  autoComplete: z.optional(upTo(64)),
  /** The choices of a `select` field. */
  options: z.optional(listOf(z.object({ value: upTo(LIMITS.name), label: text(LIMITS.name) }), 50)),
  /** Prefilled value (never for `secret` fields). */
  defaultValue: z.optional(upTo(LIMITS.name)),
});
export type FormField = z.infer<typeof FormField>;

/**
 * How an admin connects a provider:
 * - `oauth`: `POST /oauth/:provider/start`, consent at the provider, back through the callback;
 * - `form`: fill in `fields`, sent as `POST /connections { provider, input }`, which the server verifies;
 * - `instant`: one click, `POST /connections { provider }` (an ICS feed).
 */
export const ConnectMethod = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("oauth") }),
  z.object({
    kind: z.literal("form"),
    fields: listOf(FormField, LIMITS.formFields),
    /** The form's submit button. */
    submitLabel: z.optional(text(LIMITS.name)),
  }),
  z.object({
    kind: z.literal("instant"),
    /** The card's button, e.g. "Create feed link". */
    actionLabel: z.optional(text(LIMITS.name)),
  }),
]);
export type ConnectMethod = z.infer<typeof ConnectMethod>;
/** How the page connects a provider: `oauth`, `form` or `instant`. */
export type ConnectKind = ConnectMethod["kind"];

/** One provider as `GET /providers` shows it: what it is, how to connect it, and what this server allows. */
export const Provider = z.object({
  id: ProviderId,
  name: text(LIMITS.name),
  description: upTo(LIMITS.message),
  capabilities: ProviderCapabilitiesSchema,
  icon: ProviderIcon,
  connect: ConnectMethod,
  /** The server has the credentials this provider needs. */
  configured: z.boolean(),
  /** Offered to this organization (false for opt-in providers it has not opted into). */
  enabled: z.boolean(),
});
export type Provider = z.infer<typeof Provider>;

/** `GET /providers`, in the order the host registered them (the order the page shows). */
export const ProviderList = z.object({
  providers: z.array(Provider),
});
export type ProviderList = z.infer<typeof ProviderList>;
