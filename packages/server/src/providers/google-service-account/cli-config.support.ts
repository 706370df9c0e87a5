// Test support: a config module for `import-service-account` whose service account carries the
// allow-list from `SA_TEST_CALENDARS` (JSON), as a host's config would build it from its orgs.json.

import { defineCliConfig } from "../../cli/config.ts";
import { googleServiceAccount, type ServiceAccountCalendars } from "./index.ts";

// Never used to sign: the import writes connections and asks Google nothing.
const UNUSED_KEY = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";

export default defineCliConfig(({ env }) => ({
  providers: [
    googleServiceAccount({
      key: { client_email: "legacy-sync@acme-project.iam.gserviceaccount.com", private_key: UNUSED_KEY },
      subject: "ops@acme.test",
      calendars: JSON.parse(env.SA_TEST_CALENDARS ?? "{}") as ServiceAccountCalendars,
    }),
  ],
  organizationExists: () => true,
}));
