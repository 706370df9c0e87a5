import { type RadicaleServer, startRadicale } from "@org/calendar-connections-testing";

/** The demo's CalDAV account: what an admin types into the "Other CalDAV server" form. */
export interface DemoCalDav {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  close(): Promise<void>;
}

/** A local CalDAV server when Debian's radicale is installed; else null and a line saying why. */
export interface DemoCalDavStart {
  readonly server: DemoCalDav | null;
  /** For the start banner. */
  readonly note: string;
}

export const DEMO_CALDAV_USER = "demo";
// Demo mode only, on loopback: published on purpose (banner and GET /demo/config), like the fakes' tokens.
export const DEMO_CALDAV_PASSWORD = "demo-app-password";

/**
 * Starts Radicale on a loopback port (`DEMO_CALDAV_PORT`, default a free one) with a fresh storage
 * folder: a writable "Team calendar", a read-only "Holidays" and a tasks-only list. Without the
 * `radicale` command the demo runs without CalDAV and says so.
 */
export async function startDemoCalDav(env: NodeJS.ProcessEnv): Promise<DemoCalDavStart> {
  let radicale: RadicaleServer;
  try {
    radicale = await startRadicale({
      user: DEMO_CALDAV_USER,
      password: DEMO_CALDAV_PASSWORD,
      port: Number(env.DEMO_CALDAV_PORT ?? 0),
      calendars: [
        { slug: "team", name: "Team calendar" },
        { slug: "holidays", name: "Holidays", readOnly: true },
        { slug: "tasks", name: "Tasks", components: ["VTODO"] },
      ],
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { server: null, note: `  CalDAV:    not offered: ${reason}` };
  }
  return {
    server: {
      url: radicale.url,
      username: DEMO_CALDAV_USER,
      password: DEMO_CALDAV_PASSWORD,
      close: () => radicale.close(),
    },
    note: `  CalDAV:    Radicale at ${radicale.url} (user ${DEMO_CALDAV_USER}, password ${DEMO_CALDAV_PASSWORD}); connect it as "Other CalDAV server"`,
  };
}
