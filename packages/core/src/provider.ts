import * as z from "zod/mini";
import { ProviderId } from "./enums.ts";
import { LIMITS } from "./limits.ts";
import { text, upTo } from "./primitives.ts";

export const ProviderCapabilitiesSchema = z.object({
  oauth: z.boolean(),
  calendarPicker: z.boolean(),
  multiplePerOrganization: z.boolean(),
  writesEvents: z.boolean(),
});

/** One provider as `GET /providers` shows it: the catalog entry plus what the server's configuration allows. */
export const Provider = z.object({
  id: ProviderId,
  name: text(LIMITS.name),
  description: upTo(LIMITS.message),
  capabilities: ProviderCapabilitiesSchema,
  iconKey: ProviderId,
  /** The server has the credentials this provider needs. */
  configured: z.boolean(),
  /** Offered to this organization (false for opt-in providers it has not opted into). */
  enabled: z.boolean(),
});
export type Provider = z.infer<typeof Provider>;

/** `GET /providers`. */
export const ProviderList = z.object({
  providers: z.array(Provider),
});
export type ProviderList = z.infer<typeof ProviderList>;
