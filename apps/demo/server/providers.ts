import { type CalendarProvider, caldav, google, icsFeed, microsoft } from "@org/calendar-connections-server";
import { googleEndpoints, microsoftEndpoints } from "@org/calendar-connections-testing";
import type { DemoCalDav } from "./caldav.ts";
import type { DemoConfig } from "./config.ts";
import type { DemoFakes } from "./fakes.ts";

export const API_BASE = "/api/calendar-connections";

/** The redirect URI to register with a provider for this demo (the kit derives the same one). */
export function redirectURI(config: DemoConfig, provider: string): string {
  return `${config.publicURL}${API_BASE}/oauth/${provider}/callback`;
}

/**
 * Real Google and Microsoft when their credentials are set; otherwise the fakes on this origin (the
 * kit's own calls to a fake go in process through `fake.fetch`; the browser visits its consent page
 * over HTTP). Then any CalDAV server, when the demo runs its local Radicale (the only server it may
 * reach), and the ICS feed. The order is the order the page shows.
 */
export function createDemoProviders(
  config: DemoConfig,
  fakes: DemoFakes,
  dav: DemoCalDav | null = null,
): CalendarProvider[] {
  const fake = { clientId: "calendar-connections-demo", clientSecret: "demo-secret" };
  const providers: CalendarProvider[] = [];
  if (config.google) providers.push(google(config.google));
  else if (fakes.google)
    providers.push(
      google({ ...fake, endpoints: googleEndpoints(fakes.google.baseURL), fetch: fakes.google.fetch }),
    );
  if (config.microsoft) providers.push(microsoft({ ...config.microsoft, tenant: config.microsoftTenant }));
  else if (fakes.microsoft)
    providers.push(
      microsoft({
        ...fake,
        endpoints: microsoftEndpoints(fakes.microsoft.baseURL),
        fetch: fakes.microsoft.fetch,
      }),
    );
  if (dav !== null) providers.push(caldav({ allowServer: (url) => url.origin === dav.url }));
  providers.push(icsFeed());
  return providers;
}
