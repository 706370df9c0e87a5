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
