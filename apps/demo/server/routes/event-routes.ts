import { Hono } from "hono";
import type { DemoUser } from "../directory.ts";
import { parseEventPatch, parseNewEvent } from "../event-input.ts";
import type { SessionCodec } from "../session.ts";
import type { World } from "../world.ts";

type Vars = { Variables: { user: DemoUser } };

/**
 * The product's events, for the page and for scripts, scoped to the signed-in user's organization.
 * Every change enqueues a sync of that event into the organization's connected calendars.
 */
export function eventRoutes(session: SessionCodec, world: () => World): Hono<Vars> {
  const app = new Hono<Vars>();
  app.use(async (c, next) => {
    const user = session.fromRequest(c.req.raw);
    if (user === null) return c.json({ title: "Sign in first", status: 401 }, 401);
    c.set("user", user);
    await next();
  });
  const enqueue = (organizationId: string, eventId: string): Promise<number> =>
    world().kit.sync.enqueueEventSync({ organizationId, eventId });
  const invalid = (errors: { path: string; message: string }[]): Response =>
    Response.json({ title: "Invalid event", status: 400, errors }, { status: 400 });

  app.get("/", (c) => c.json({ events: world().events.list(c.var.user.organizationId) }));
  app.post("/", async (c) => {
    const parsed = parseNewEvent(await c.req.json().catch(() => null));
    if (!parsed.ok) return invalid(parsed.errors);
    const user = c.var.user;
    const event = world().events.create(user.organizationId, parsed.value, user.id);
    await enqueue(user.organizationId, event.id);
    return c.json({ id: event.id, event }, 201);
  });
  app.patch("/:id", async (c) => {
    const { organizationId } = c.var.user;
    const current = world().events.get(organizationId, c.req.param("id"));
    if (current === null) return c.json({ title: "No such event", status: 404 }, 404);
    const parsed = parseEventPatch(await c.req.json().catch(() => null), current);
    if (!parsed.ok) return invalid(parsed.errors);
    const event = world().events.update(organizationId, current.id, parsed.value);
    await enqueue(organizationId, current.id);
    return c.json({ event });
  });
  app.delete("/:id", async (c) => {
    const { organizationId } = c.var.user;
    const id = c.req.param("id");
    if (!world().events.remove(organizationId, id))
      return c.json({ title: "No such event", status: 404 }, 404);
    await enqueue(organizationId, id);
    return c.body(null, 204);
  });
  return app;
}
