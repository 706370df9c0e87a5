import { Hono } from "hono";
import { FAKE_GOOGLE_PATH, FAKE_MICROSOFT_PATH } from "../fakes.ts";
import type { World } from "../world.ts";

/** The fake Google and Microsoft on the demo's origin (their consent pages, APIs, /__inspect and /__control). */
export function fakeRoutes(world: () => World): Hono {
  const app = new Hono();
  const mount = (
    path: string,
    pick: (current: World) => ((request: Request) => Promise<Response>) | null,
  ) => {
    const serve = (request: Request): Promise<Response> | Response => {
      const handler = pick(world());
      return handler === null
        ? new Response("This provider uses real credentials.", { status: 404 })
        : handler(request);
    };
    app.all(path, (c) => serve(c.req.raw));
    app.all(`${path}/*`, (c) => serve(c.req.raw));
  };
  mount(FAKE_GOOGLE_PATH, (current) => current.fakes.google?.handler ?? null);
  mount(FAKE_MICROSOFT_PATH, (current) => current.fakes.microsoft?.handler ?? null);
  return app;
}
