import { describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { type DemoConfig, readConfig } from "./config.ts";
import { createDemoFakes } from "./fakes.ts";
import { createSessionCodec } from "./session.ts";

/** A config as `readConfig` makes it for `npm start`, with demo mode overridden. */
function config(demoMode: boolean): DemoConfig {
  return { ...readConfig({}, "/srv/demo", ["--demo-mode"]), demoMode };
}

describe("demo sign-in and the fakes outside demo mode", () => {
  it("the app refuses to mount demo sign-in and the fakes", () => {
    expect(() =>
      createApp({
        config: config(false),
        session: createSessionCodec("test"),
        world: () => {
          throw new Error("the app must not reach the world");
        },
        reset: null,
        distDir: "/nonexistent",
      }),
    ).toThrow(
      /^Refusing to start demo sign-in \(POST \/demo\/session\) and the fake providers .* outside demo mode/,
    );
  });

  it("the fake providers refuse to be created", () => {
    expect(() => createDemoFakes(config(false))).toThrow(
      /^Refusing to start the fake providers .* outside demo mode/,
    );
    const fakes = createDemoFakes(config(true));
    expect(fakes.google?.baseURL).toBe("http://localhost:3000/__fake/google");
    expect(fakes.microsoft?.baseURL).toBe("http://localhost:3000/__fake/microsoft");
  });
});
