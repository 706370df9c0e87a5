import { describe, expect, it } from "vitest";
import { isLoopbackHost, requireDemoMode } from "./mode.ts";

const LOOPBACK = ["localhost", "LOCALHOST", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1"];
// All-interfaces binds included: they reach every network the machine is on.
const PUBLIC = ["0.0.0.0", "::", "[::]", "10.0.0.5", "::ffff:10.0.0.5", "example.com", "localhost.evil.com"];

describe("isLoopbackHost", () => {
  it.each([
    ...LOOPBACK.map((host) => [host, true] as const),
    ...PUBLIC.map((host) => [host, false] as const),
  ])("%s is loopback: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe("requireDemoMode", () => {
  it("throws outside demo mode and says how to turn it on", () => {
    expect(() => requireDemoMode({ demoMode: false }, "demo sign-in")).toThrow(
      "Refusing to start demo sign-in outside demo mode: pass --demo-mode (or DEMO_MODE=1).",
    );
    expect(() => requireDemoMode({ demoMode: true }, "demo sign-in")).not.toThrow();
  });
});
