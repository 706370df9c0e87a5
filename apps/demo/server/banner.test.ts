import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { banner } from "./banner.ts";
import { readConfig } from "./config.ts";
import { loadSecrets } from "./secrets.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The banner of one start in a fresh (or the given) DATA_DIR, as `main.ts` prints it. */
function startBanner(env: Record<string, string>, flags: string[] = [], dataDir?: string): string {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "demo-banner-"));
  if (dataDir === undefined) dirs.push(dir);
  const fullEnv = { ...env, DATA_DIR: dir };
  const config = readConfig(fullEnv, process.cwd(), ["--demo-mode", ...flags]);
  return banner(config, loadSecrets(fullEnv, config.dataDir));
}

const FROM_ENV = {
  CRON_SECRET: "cron-secret-from-env",
  CALENDAR_TOKEN_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  GOOGLE_CLIENT_ID: "google-client-id",
  GOOGLE_CLIENT_SECRET: "google-client-secret-from-env",
  MICROSOFT_CLIENT_ID: "ms-client-id",
  MICROSOFT_CLIENT_SECRET: "ms-client-secret-from-env",
};

describe("banner", () => {
  it("never prints a secret that came from the environment", () => {
    const text = startBanner(FROM_ENV, ["--allow-real-providers"]);
    for (const name of [
      "CRON_SECRET",
      "CALENDAR_TOKEN_KEYS",
      "GOOGLE_CLIENT_SECRET",
      "MICROSOFT_CLIENT_SECRET",
    ] as const)
      expect(text, name).not.toContain(FROM_ENV[name]);
    expect(text).not.toContain(Buffer.alloc(32, 7).toString("base64"));
    expect(text).toContain('-H "Authorization: Bearer $CRON_SECRET"');
    expect(text).toContain("CRON_SECRET is from the environment and never printed");
  });

  it("shows a generated cron secret on the start that generated it, says so, and never again", () => {
    const dir = mkdtempSync(join(tmpdir(), "demo-banner-"));
    dirs.push(dir);
    const first = startBanner({}, [], dir);
    const secret = first.match(/Authorization: Bearer ([\w-]+)"/)?.[1] ?? "";
    expect(secret).toMatch(/^[\w-]{32}$/);
    expect(first).toContain("CRON_SECRET was unset: generated now and shown this once");
    const second = startBanner({}, [], dir);
    expect(second).not.toContain(secret);
    expect(second).toContain('-H "Authorization: Bearer <cron secret>"');
    expect(second).toContain(`"cronSecret" in ${join(dir, "secrets.json")}`);
  });

  it("says a default start listens on this machine only, with no warning", () => {
    const text = startBanner({ PORT: "3100" });
    expect(text).toContain("Listening on 127.0.0.1:3100 (this machine only), in demo mode");
    expect(text).toContain(
      "fake at http://localhost:3100/__fake/google (its tokens are public at /__fake/google/__inspect)",
    );
    expect(text).not.toContain("WARNING");
  });

  it("puts a public demo that was opted into under a warning", () => {
    const text = startBanner({ HOST: "0.0.0.0", PUBLIC_URL: "https://demo.example.com" }, [
      "--allow-public-demo",
    ]);
    const warning = text.slice(0, text.indexOf("Calendar connections demo:"));
    expect(warning).toContain("WARNING: this demo is not confined to a fake world on this machine.");
    expect(warning).toContain("! PUBLIC DEMO: HOST=0.0.0.0 listens beyond this machine");
    expect(warning.replace(/\s+/g, " ")).toContain(
      "read every token the fakes issued at /__fake/google/__inspect and /__fake/microsoft/__inspect",
    );
    expect(text).toContain("Listening on 0.0.0.0:3000 (reachable from other machines), in demo mode");
  });

  it("puts real provider credentials that were opted into under a warning", () => {
    const text = startBanner(
      { GOOGLE_CLIENT_ID: FROM_ENV.GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET: FROM_ENV.GOOGLE_CLIENT_SECRET },
      ["--allow-real-providers"],
    );
    expect(text).toContain("WARNING: this demo is not confined to a fake world on this machine.");
    expect(text).toContain("! REAL PROVIDERS: Google uses real credentials");
    expect(text).toContain(
      "Google:    real (redirect URI http://localhost:3000/api/calendar-connections/oauth/google/callback)",
    );
  });
});
