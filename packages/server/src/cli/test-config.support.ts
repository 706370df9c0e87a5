// Test support: the config module the CLI tests pass with --config. It is what a host writes, with
// the fake Google over loopback and events from a JSON file instead of the host's database.

import { readFileSync } from "node:fs";
import { googleEndpoints } from "@org/calendar-connections-testing";
import type { HostEvent } from "../events/types.ts";
import { google as googleCalendar } from "../providers/google/index.ts";
import { defineCliConfig } from "./config.ts";

interface StoredEvent {
  readonly title: string;
  readonly start: string;
  readonly end: string;
}

function readEvents(file: string | undefined): Record<string, Record<string, StoredEvent>> {
  return file === undefined ? {} : JSON.parse(readFileSync(file, "utf8"));
}

export default defineCliConfig(({ env }) => {
  const organizations = (env.CLI_TEST_ORGANIZATIONS ?? "").split(",").filter(Boolean);
  const google = env.CLI_TEST_GOOGLE_URL;
  return {
    providers:
      google === undefined
        ? []
        : [
            googleCalendar({
              clientId: "cli-client",
              clientSecret: "cli-secret",
              redirectURI: "https://app.test/callback",
              endpoints: googleEndpoints(google),
            }),
          ],
    organizationExists: (organizationId) => organizations.includes(organizationId),
    getEvent: async (organizationId, eventId): Promise<HostEvent | null> => {
      const event = readEvents(env.CLI_TEST_EVENTS)[organizationId]?.[eventId];
      return event === undefined
        ? null
        : { title: event.title, start: new Date(event.start), end: new Date(event.end) };
    },
  };
});
