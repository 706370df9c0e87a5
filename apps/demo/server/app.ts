import { Hono } from "hono";
import type { DemoCalDav } from "./caldav.ts";
import type { DemoConfig } from "./config.ts";
import { FAKE_GOOGLE_PATH, FAKE_MICROSOFT_PATH } from "./fakes.ts";
import { requireDemoMode } from "./mode.ts";
import { API_BASE } from "./providers.ts";
import { eventRoutes } from "./routes/event-routes.ts";
import { fakeRoutes } from "./routes/fake-routes.ts";
import { sameSiteOnly } from "./routes/guard.ts";
import { kitHandler } from "./routes/kit-routes.ts";
import { sessionRoutes } from "./routes/session-routes.ts";
import type { SessionCodec } from "./session.ts";
import { serveDashboard } from "./static.ts";
import type { World } from "./world.ts";

export interface AppDeps {
  readonly config: DemoConfig;
  readonly session: SessionCodec;
  readonly world: () => World;
  /** Replaces every organization's data with a fresh start (e2e); null when disabled. */
  readonly reset: (() => Promise<void>) | null;
  readonly distDir: string;
}

/** What to type into the CalDAV form to reach the demo's Radicale (demo mode only), or null. */
function caldavAccount(dav: DemoCalDav | null): { url: string; username: string; password: string } | null {
  return dav === null ? null : { url: dav.url, username: dav.username, password: dav.password };
}

/**
 * The demo's HTTP surface: the kit, demo sign-in and events, the fakes, and the built dashboard.
 * Throws outside demo mode, since its sign-in makes anyone any seeded admin.
 */
export function createApp({ config, session, world, reset, distDir }: AppDeps): Hono {
  requireDemoMode(config, "demo sign-in (POST /demo/session) and the fake providers (/__fake/*)");
  const app = new Hono();
  app.all(`${API_BASE}/*`, kitHandler(world));
  app.route("/", fakeRoutes(world));
  app.use("/demo/*", sameSiteOnly(new URL(config.publicURL).origin));
  app.route("/demo", sessionRoutes(session, config.publicURL.startsWith("https:")));
  app.route("/demo/events", eventRoutes(session, world));
  // The emails the demo's mailer would have sent this organization's admins (admins only).
  app.get("/demo/outbox", (c) => {
    const user = session.fromRequest(c.req.raw);
    if (user === null) return c.json({ title: "Sign in first", status: 401 }, 401);
    if (user.role !== "admin") return c.json({ title: "Admins only", status: 403 }, 403);
    return c.json({ emails: world().outbox.list(user.organizationId) });
  });
  app.get("/demo/config", (c) =>
    c.json({
      fakes: {
        google: world().fakes.google ? FAKE_GOOGLE_PATH : null,
        microsoft: world().fakes.microsoft ? FAKE_MICROSOFT_PATH : null,
      },
      caldav: caldavAccount(world().caldav),
    }),
  );
  if (reset !== null) {
    app.post("/demo/reset", async (c) => {
      await reset();
      return c.body(null, 204);
    });
  }
  app.all("/api/*", (c) => c.json({ title: "Not found", status: 404 }, 404));
  app.all("/demo/*", (c) => c.json({ title: "Not found", status: 404 }, 404));
  serveDashboard(app, distDir);
  return app;
}
