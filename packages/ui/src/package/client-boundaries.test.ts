// @vitest-environment node
// What a React Server Components host (Next.js App Router) meets: the package as `tsc` builds it must keep
// `"use client"` on every module that needs the client, and its entries must load where React has no client
// API. The check imitates a server-components bundler: React resolves with the `react-server` condition
// (whose build has no createContext, no useState), and every `"use client"` module, ours or a dependency's,
// becomes an opaque client reference instead of being evaluated.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT_REFERENCE = Symbol.for("react.client.reference");

let outDir = "";

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return builtFiles(path);
    return path.endsWith(".js") ? [path] : [];
  });
}

const hasDirective = (code: string): boolean =>
  /^(?:\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*\s*["']use client["']/.test(code);

/** What makes a module client-only: a hook call, a context, or a Radix primitive. */
const needsClient = (code: string): boolean =>
  /\buse[A-Z]\w*\(|\bcreateContext\(|from "@radix-ui\//.test(code);

/** Replaces each `"use client"` module by references carrying its export names, as a server-components bundler does. */
const clientReferences: Plugin = {
  name: "client-references",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.(c|m)?js$/ }, async (args) => {
      const code = readFileSync(args.path, "utf8");
      if (!hasDirective(code)) return undefined;
      const scan = await build({
        entryPoints: [args.path],
        bundle: false,
        write: false,
        metafile: true,
        format: "esm",
        logLevel: "silent",
      });
      const exports = Object.values(scan.metafile.outputs)[0]?.exports ?? [];
      const reference = (name: string): string =>
        `{ $$typeof: Symbol.for("react.client.reference"), $$id: ${JSON.stringify(`${args.path}#${name}`)} }`;
      const lines = exports.map((name) =>
        name === "default"
          ? `export default ${reference(name)};`
          : `export const ${name} = ${reference(name)};`,
      );
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

/** Bundles a built entry for the server-components graph and imports it. */
async function loadOnServer(entry: string): Promise<{ module: Record<string, unknown>; inputs: string[] }> {
  const outfile = join(outDir, `${entry.replaceAll("/", "-")}.server.mjs`);
  const result = await build({
    entryPoints: [join(outDir, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["react-server"],
    nodePaths: [join(packageDir, "node_modules")],
    plugins: [clientReferences],
    metafile: true,
    logLevel: "silent",
  });
  const module = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
  return { module, inputs: Object.keys(result.metafile.inputs) };
}

beforeAll(() => {
  // The build's own compiler settings, into a scratch folder (bare imports resolve through `nodePaths`).
  outDir = mkdtempSync(join(tmpdir(), "cc-ui-dist-"));
  execFileSync(join(packageDir, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json", "--outDir", outDir], {
    cwd: packageDir,
    stdio: "pipe",
  });
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe("client boundaries of the built package", () => {
  it('keeps "use client" at the top of every built module that needs the client', () => {
    const missing = builtFiles(outDir)
      .filter((file) => {
        const code = readFileSync(file, "utf8");
        return needsClient(code) && !hasDirective(code);
      })
      .map((file) => relative(outDir, file));
    expect(missing).toEqual([]);
    expect(hasDirective(readFileSync(join(outDir, "page/page.js"), "utf8"))).toBe(true);
  });

  it("leaves the plain helpers callable from the server", () => {
    for (const file of ["nav.js", "cn.js", "data/client.js", "data/queries.js", "i18n/en.js", "index.js"]) {
      expect(hasDirective(readFileSync(join(outDir, file), "utf8")), file).toBe(false);
    }
  });

  it("loads the nav entry on the server with nothing of React in its graph", async () => {
    const { module, inputs } = await loadOnServer("nav.js");
    expect(inputs.filter((input) => /node_modules/.test(input))).toEqual([]);
    const navItem = module.calendarConnectionsNavItem as (input: { href: string }) => unknown;
    expect(navItem({ href: "/admin/calendars" })).toEqual({
      id: "calendar-connections",
      href: "/admin/calendars",
      label: "Calendar connections",
      requiredRole: "admin",
    });
    expect(module.DEFAULT_BASE_PATH).toBe("/api/calendar-connections");
  });

  it("loads the main entry on the server: components are client references, helpers are real", async () => {
    const { module } = await loadOnServer("index.js");
    const page = module.CalendarConnectionsPage as { $$typeof?: symbol };
    expect(page.$$typeof).toBe(CLIENT_REFERENCE);
    expect(typeof module.createCalendarConnectionsClient).toBe("function");
    expect(typeof module.calendarConnectionsNavItem).toBe("function");
    expect(module.calendarConnectionsKeys).toMatchObject({ root: ["calendar-connections"] });
  });

  it("loads the German catalog on the server", async () => {
    const { module } = await loadOnServer("de.js");
    expect(module.de).toBeTypeOf("object");
  });
});
