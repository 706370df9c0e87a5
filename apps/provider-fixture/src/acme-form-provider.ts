import {
  ApiError,
  type CalendarProvider,
  defineCalendarProvider,
  deterministicEventId,
  isProviderError,
  ProviderError,
  type ProviderRuntime,
} from "@org/calendar-connections-server";
import * as z from "zod/mini";
import { type AcmeTarget, acmeApi, basicAuthorization } from "./acme-api.ts";
import { ACME_ICON } from "./acme-provider.ts";

/** Options of `acmeDav()`. */
export interface AcmeDavOptions extends ProviderRuntime {
  /**
   * Which servers an admin may point the form at. The server calls the URL typed into the form, so an
   * open list would let any admin probe the host's network. Default: any `https:` URL.
   */
  readonly allowServer?: (url: URL) => boolean;
}

const ID = "acme-dav";
const REFUSED = "The server refused this username and app password.";

/**
 * Acme Calendar through a server URL, a username and an app password: the shape of a CalDAV provider.
 * `verify` signs in at the server before anything is stored; the three values are kept encrypted with
 * the connection, since each call needs them.
 */
export function acmeDav(options: AcmeDavOptions = {}): CalendarProvider<typeof ID> {
  const api = acmeApi(ID, options);
  const allowServer = options.allowServer ?? ((url: URL) => url.protocol === "https:");
  const schema = z.object({
    serverUrl: z.string().check(
      z.trim(),
      z.refine(
        (value) => URL.canParse(value) && allowServer(new URL(value)),
        "Enter the https:// address of your server.",
      ),
    ),
    username: z.string().check(z.trim(), z.minLength(1, "Enter your username.")),
    appPassword: z.string().check(z.minLength(1, "Enter an app password.")),
  });
  const targetOf = (secrets: Readonly<Record<string, string>>): AcmeTarget => {
    const { serverUrl, username, password } = secrets;
    if (serverUrl === undefined || username === undefined || password === undefined) {
      // Credentials that cannot be read: only connecting again helps.
      throw new ProviderError("unauthorized", { provider: ID, operation: "credentials", status: null });
    }
    return { baseURL: serverUrl.replace(/\/+$/, ""), authorization: basicAuthorization(username, password) };
  };

  return defineCalendarProvider({
    id: ID,
    name: "Acme DAV",
    description: "Sync events into an Acme calendar with an app password.",
    icon: { type: "svg", svg: ACME_ICON },
    connect: {
      kind: "form",
      fields: [
        {
          name: "serverUrl",
          label: "Server URL",
          type: "url",
          placeholder: "https://dav.acme.example",
          autoComplete: "url",
        },
        { name: "username", label: "Username", type: "text", autoComplete: "username" },
        {
          name: "appPassword",
          label: "App password",
          type: "secret",
          help: "Create one in your Acme account under Security → App passwords.",
          autoComplete: "off",
        },
      ],
      schema,
      submitLabel: "Verify and connect",
      async verify(input) {
        const secrets = { serverUrl: input.serverUrl, username: input.username, password: input.appPassword };
        try {
          const identity = await api.me(targetOf(secrets));
          return { identity, secrets };
        } catch (error) {
          // The kit would answer credentials_rejected for the whole form; naming the field puts it under the field.
          if (isProviderError(error, "unauthorized", "forbidden")) {
            throw new ApiError("validation_failed", {
              detail: REFUSED,
              errors: [{ path: "input.appPassword", message: REFUSED }],
            });
          }
          throw error;
        }
      },
    },
    calendar: api.operations((access) => targetOf(access.secrets)),
    sync: { idempotency: { kind: "deterministic-id", externalId: deterministicEventId } },
  });
}
