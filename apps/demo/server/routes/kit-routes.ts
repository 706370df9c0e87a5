import type { Context } from "hono";
import type { World } from "../world.ts";

/** The kit's handler, mounted as the README's Hono recipe says (the world is rebuilt by `/demo/reset`). */
export function kitHandler(world: () => World): (c: Context) => Promise<Response> {
  return (c) => world().kit.handler(c.req.raw);
}
