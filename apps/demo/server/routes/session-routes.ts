import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { type DemoUser, findOrganization, findUser, USERS } from "../directory.ts";
import { SESSION_COOKIE, type SessionCodec } from "../session.ts";

function describe(user: DemoUser): object {
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    organization: findOrganization(user.organizationId),
  };
}

/** Demo sign-in: the seeded users, who is signed in, sign in as one (`{ email }`), sign out. */
export function sessionRoutes(session: SessionCodec, secureCookie: boolean): Hono {
  const app = new Hono();
  app.get("/users", (c) =>
    c.json({
      users: USERS.map((user) => ({
        email: user.email,
        name: user.name,
        role: user.role,
        organization: findOrganization(user.organizationId)?.name ?? user.organizationId,
      })),
    }),
  );
  app.get("/session", (c) => {
    const user = session.fromRequest(c.req.raw);
    return user === null ? c.json({ title: "Not signed in", status: 401 }, 401) : c.json(describe(user));
  });
  app.post("/session", async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const email = typeof body === "object" && body !== null ? Reflect.get(body, "email") : undefined;
    const user = typeof email === "string" ? findUser(email) : null;
    if (user === null) return c.json({ title: "No such demo user", status: 404 }, 404);
    setCookie(c, SESSION_COOKIE, session.encode(user), {
      httpOnly: true,
      sameSite: "Lax",
      secure: secureCookie,
      path: "/",
      maxAge: 60 * 60 * 24 * 7,
    });
    return c.json(describe(user));
  });
  app.delete("/session", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });
  return app;
}
