import { googleProvider, microsoftProvider, type OAuthProviders } from "@org/calendar-connections-server";
import { googleEndpoints, microsoftEndpoints } from "@org/calendar-connections-testing";
import type { DemoConfig } from "./config.ts";
import type { DemoFakes } from "./fakes.ts";

export const API_BASE = "/api/calendar-connections";

/** The redirect URI to register with a provider for this demo. */
export function redirectURI(config: DemoConfig, provider: "google" | "microsoft"): string {
  return `${config.publicURL}${API_BASE}/oauth/${provider}/callback`;
}

/**
 * Real Google and Microsoft when their credentials are set; otherwise the fakes on this origin. The
 * kit's own calls to a fake go in process (`fake.fetch`); the browser visits its consent page over HTTP.
 */
export function createDemoProviders(config: DemoConfig, fakes: DemoFakes): OAuthProviders {
  const google = config.google
    ? googleProvider({ ...config.google, redirectURI: redirectURI(config, "google") })
    : fakes.google
      ? googleProvider({
          clientId: "calendar-connections-demo",
          clientSecret: "demo-secret",
          redirectURI: redirectURI(config, "google"),
          endpoints: googleEndpoints(fakes.google.baseURL),
          fetch: fakes.google.fetch,
        })
      : null;
  const microsoft = config.microsoft
    ? microsoftProvider({
        ...config.microsoft,
        tenant: config.microsoftTenant,
        redirectURI: redirectURI(config, "microsoft"),
      })
    : fakes.microsoft
      ? microsoftProvider({
          clientId: "calendar-connections-demo",
          clientSecret: "demo-secret",
          redirectURI: redirectURI(config, "microsoft"),
          endpoints: microsoftEndpoints(fakes.microsoft.baseURL),
          fetch: fakes.microsoft.fetch,
        })
      : null;
  return { ...(google ? { google } : {}), ...(microsoft ? { microsoft } : {}) };
}
