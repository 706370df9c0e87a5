import { describe, expect, it } from "vitest";
import { type DemoConfig, DemoConfigError, readConfig } from "./config.ts";

type Env = Record<string, string>;

const GOOGLE = { GOOGLE_CLIENT_ID: "real-google-client", GOOGLE_CLIENT_SECRET: "google-secret-from-env" };
const MICROSOFT = { MICROSOFT_CLIENT_ID: "real-ms-client", MICROSOFT_CLIENT_SECRET: "ms-secret-from-env" };

/** A start as `npm start` makes it (demo mode on), with extra environment and flags. */
function start(env: Env = {}, flags: string[] = []): DemoConfig {
  return readConfig(env, "/srv/demo", ["--demo-mode", ...flags]);
}

/** The message of the refusal a start ends in (failing the test when it starts). */
function refusal(env: Env, argv: string[]): string {
  try {
    readConfig(env, "/srv/demo", argv);
  } catch (error) {
    expect(error).toBeInstanceOf(DemoConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`expected the start with ${JSON.stringify({ env, argv })} to be refused`);
}

describe("readConfig: demo mode", () => {
  it("refuses to start unless demo mode is explicit", () => {
    expect(refusal({}, [])).toMatch(/only in demo mode: --demo-mode \(or DEMO_MODE=1\)/);
    // Other opt-ins do not stand in for it.
    expect(refusal({ DEMO_ALLOW_PUBLIC: "1" }, ["--allow-real-providers"])).toMatch(/only in demo mode/);
  });

  it("starts in demo mode from --demo-mode or DEMO_MODE=1, on 127.0.0.1 with no warning", () => {
    for (const config of [start(), readConfig({ DEMO_MODE: "1" }, "/srv/demo", [])]) {
      expect(config).toMatchObject({
        demoMode: true,
        host: "127.0.0.1",
        publicURL: "http://localhost:3000",
        warnings: [],
        google: null,
        microsoft: null,
      });
    }
  });

  it("lets DEMO_MODE=0 forbid the demo even when --demo-mode is passed", () => {
    expect(refusal({ DEMO_MODE: "0" }, ["--demo-mode"])).toMatch(/--demo-mode contradicts DEMO_MODE=0/);
  });

  it("refuses switch values other than 1 and 0, and unknown flags, instead of reading them as off", () => {
    expect(refusal({ DEMO_MODE: "yes" }, [])).toMatch(/DEMO_MODE must be 1 or 0/);
    expect(refusal({ DEMO_ALLOW_RESET: "true" }, ["--demo-mode"])).toMatch(/DEMO_ALLOW_RESET must be 1 or 0/);
    expect(refusal({}, ["--demo-mode", "--allow-everything"])).toMatch(/--allow-everything/);
  });
});

describe("readConfig: a demo reachable from other machines", () => {
  it("refuses to listen beyond loopback without --allow-public-demo", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "demo.example.com"])
      expect(refusal({ HOST: host }, ["--demo-mode"])).toMatch(
        new RegExp(`HOST=${host.replaceAll(".", "\\.")} listens beyond this machine.*--allow-public-demo`),
      );
  });

  it("refuses a PUBLIC_URL that is not loopback without the opt-in, and says what it would publish", () => {
    const message = refusal({ PUBLIC_URL: "https://demo.example.com" }, ["--demo-mode"]);
    expect(message).toMatch(/PUBLIC_URL https:\/\/demo\.example\.com is not a loopback address/);
    expect(message).toMatch(/sign in as any seeded admin/);
    expect(message).toMatch(/\/__fake\/google\/__inspect and \/__fake\/microsoft\/__inspect/);
    expect(message).toMatch(/--allow-public-demo \(or DEMO_ALLOW_PUBLIC=1\)/);
  });

  it("accepts loopback hosts and URLs without an opt-in", () => {
    for (const [HOST, PUBLIC_URL] of [
      ["127.0.0.1", "http://127.0.0.1:3000"],
      ["localhost", "http://localhost:3000/"],
      ["::1", "http://[::1]:3000"],
      ["127.0.0.2", "http://[0:0:0:0:0:0:0:1]:3000"],
    ] as const)
      expect(start({ HOST, PUBLIC_URL }).warnings).toEqual([]);
  });

  it("starts a public demo that was opted into, with a warning", () => {
    for (const config of [
      start({ HOST: "0.0.0.0", PUBLIC_URL: "https://demo.example.com" }, ["--allow-public-demo"]),
      start({ HOST: "0.0.0.0", PUBLIC_URL: "https://demo.example.com", DEMO_ALLOW_PUBLIC: "1" }),
    ]) {
      expect(config.host).toBe("0.0.0.0");
      expect(config.warnings).toHaveLength(1);
      expect(config.warnings[0]).toMatch(
        /^PUBLIC DEMO: HOST=0\.0\.0\.0 listens beyond this machine, and PUBLIC_URL/,
      );
    }
  });

  it("never allows POST /demo/reset on a public demo, opted in or not", () => {
    expect(
      refusal({ HOST: "0.0.0.0", DEMO_ALLOW_RESET: "1" }, ["--demo-mode", "--allow-public-demo"]),
    ).toMatch(/DEMO_ALLOW_RESET=1 lets anyone erase every organization's data/);
    expect(start({ DEMO_ALLOW_RESET: "1" }).resetEnabled).toBe(true);
  });
});

describe("readConfig: real provider credentials", () => {
  it("refuses them without --allow-real-providers, naming the variables but never their values", () => {
    const message = refusal({ ...GOOGLE, ...MICROSOFT }, ["--demo-mode"]);
    expect(message).toMatch(
      /GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET are set/,
    );
    expect(message).toMatch(/--allow-real-providers \(or DEMO_ALLOW_REAL_PROVIDERS=1\)/);
    for (const value of [...Object.values(GOOGLE), ...Object.values(MICROSOFT)])
      expect(message).not.toContain(value);
  });

  it("uses them when opted into, with a warning, and keeps the fake for the other provider", () => {
    const config = start(GOOGLE, ["--allow-real-providers"]);
    expect(config.google).toEqual({ clientId: "real-google-client", clientSecret: "google-secret-from-env" });
    expect(config.microsoft).toBeNull();
    expect(config.warnings).toEqual([expect.stringMatching(/^REAL PROVIDERS: Google uses real credentials/)]);
  });

  it("refuses half a credential pair instead of silently using the fake", () => {
    const message = refusal({ GOOGLE_CLIENT_ID: "real-google-client" }, ["--demo-mode"]);
    expect(message).toMatch(/GOOGLE_CLIENT_ID is set but GOOGLE_CLIENT_SECRET is not/);
    expect(refusal({ MICROSOFT_CLIENT_SECRET: "ms-secret-from-env" }, ["--demo-mode"])).not.toContain(
      "ms-secret-from-env",
    );
  });

  it("lists every refusal of a start at once", () => {
    const message = refusal({ ...GOOGLE, HOST: "0.0.0.0" }, []);
    expect(message.match(/^ {2}- /gm)).toHaveLength(3);
  });
});
