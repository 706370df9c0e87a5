import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error.ts";
import { matchRoute, type Route } from "./router.ts";

const ok = async (): Promise<Response> => new Response("ok");
const routes: Route<null>[] = [
  { method: "GET", pattern: "/connections", handle: ok },
  { method: "GET", pattern: "/connections/:id", handle: ok },
  { method: "PATCH", pattern: "/connections/:id", handle: ok },
  { method: "DELETE", pattern: "/connections/:id", handle: ok },
];

describe("matchRoute", () => {
  it("captures and decodes parameters", () => {
    const match = matchRoute(routes, "PATCH", "/connections/conn%2001");
    expect(match.route.method).toBe("PATCH");
    expect(match.params).toEqual({ id: "conn 01" });
  });

  it("answers HEAD with the GET route", () => {
    expect(matchRoute(routes, "HEAD", "/connections").route.method).toBe("GET");
  });

  it("answers 405 with Allow for a known path under another method", () => {
    try {
      matchRoute(routes, "PUT", "/connections/c1");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(405);
      expect((error as ApiError).headers.allow).toBe("GET, PATCH, DELETE");
    }
  });

  it.each([
    "/nope",
    "/connections/c1/extra",
    "/connections/",
    "/connections/%E0%A4%A",
    `/connections/${"x".repeat(300)}`,
  ])("answers 404 for %s", (path) => {
    expect(() => matchRoute(routes, "GET", path)).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe("matchRoute on paths without parameters", () => {
  const first = async (): Promise<Response> => new Response("first");
  const second = async (): Promise<Response> => new Response("second");

  it("keeps the table's order when a parameter route comes first", async () => {
    const table: Route<null>[] = [
      { method: "GET", pattern: "/connections/:id", handle: first },
      { method: "GET", pattern: "/connections/new", handle: second },
    ];
    const match = matchRoute(table, "GET", "/connections/new");
    expect(await (await match.route.handle(null, match.params)).text()).toBe("first");
    expect(match.params).toEqual({ id: "new" });
  });

  it("takes a static route placed before a parameter route, for GET and HEAD", async () => {
    const table: Route<null>[] = [
      { method: "GET", pattern: "/connections/new", handle: second },
      { method: "GET", pattern: "/connections/:id", handle: first },
    ];
    for (const method of ["GET", "HEAD"]) {
      const match = matchRoute(table, method, "/connections/new");
      expect(await (await match.route.handle(null, match.params)).text()).toBe("second");
      expect(match.params).toEqual({});
    }
  });

  it("still answers 405 for a static path under another method", () => {
    expect(() => matchRoute(routes, "POST", "/connections/c1")).toThrow(
      expect.objectContaining({ status: 405 }),
    );
  });
});
