// The docs site: the guides (every Markdown file under guides/, recipes/ included) and the API reference of
// every subpath export of the four published packages, read from their TypeScript source. The entry points
// come from each package's `exports` map, so a new subpath is documented without touching this file.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const here = import.meta.dirname;
const root = resolve(here, "../..");

/** The published packages, in the order the reference lists them. */
export const publishedPackages = ["core", "server", "ui", "testing"];

/** Every `exports` subpath with TypeScript source: `[module name, source file]`. */
export function apiEntryPoints() {
  const entries = [];
  for (const dir of publishedPackages) {
    const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      const source = typeof target === "object" ? target.source : undefined;
      if (!source?.endsWith(".ts") && !source?.endsWith(".tsx")) continue; // styles.css
      const name = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      entries.push([name, join(root, "packages", dir, source)]);
    }
  }
  return entries;
}

/** The guides in reading order (as the index lists them); any other page follows, by path. */
const readingOrder = [
  "index.md",
  "getting-started.md",
  "architecture.md",
  "http-api.md",
  "data-model.md",
  "security.md",
  "operating-the-sync.md",
  "writing-a-provider.md",
  "theming-and-localization.md",
];

/** Every Markdown guide (recipes/ and any other folder included), in reading order. */
export function guideFiles() {
  const guides = join(here, "guides");
  const rank = (file) => {
    const index = readingOrder.indexOf(file);
    return index === -1 ? readingOrder.length : index;
  };
  const files = readdirSync(guides, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => file.replaceAll("\\", "/"))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return files.map((file) => relative(here, join(guides, file)));
}

/** @type {Partial<import("typedoc").TypeDocOptions>} */
const config = {
  name: "calendar-connections",
  entryPoints: apiEntryPoints().map(([, file]) => file),
  entryPointStrategy: "resolve",
  tsconfig: join(here, "tsconfig.typedoc.json"),
  readme: join(here, "guides/index.md"),
  projectDocuments: guideFiles().filter((file) => file !== "guides/index.md"),
  out: join(here, "dist"),
  plugin: [join(here, "page-names.mjs"), join(here, "recipes-list.mjs")],
  // `pnpm typecheck` type-checks the same source; the docs build only reads it.
  skipErrorChecking: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  excludeExternals: true,
  sourceLinkExternal: false,
  disableSources: true,
  githubPages: false,
  hideGenerator: true,
  // Every exported declaration documented, every {@link} resolved: a gap fails the build.
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: {
    notExported: true,
    invalidLink: true,
    rewrittenLink: true,
    notDocumented: true,
    unusedMergeModuleWith: true,
    // Relative links to repository files and folders (a recipe's consumer app) are checked by
    // checks/links.test.ts, which accepts folders; TypeDoc can copy only files and would fail on a folder.
    invalidPath: false,
  },
  // Every export and every method of an exported interface or class. Properties are left out for now: the
  // zod-inferred body types repeat each field wherever they are used (about 700 fields, 150 of them UI messages).
  requiredToBeDocumented: [
    "Enum",
    "Variable",
    "Function",
    "Class",
    "Interface",
    "TypeAlias",
    "Method",
    "Accessor",
  ],
  // The declarations of these packages must carry a comment (the default is only the docs app's own).
  packagesRequiringDocumentation: publishedPackages.map(
    (dir) => JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")).name,
  ),
  navigation: { includeCategories: false, includeGroups: true, includeFolders: false },
  // Declarations by kind and name; the guides keep their reading order.
  sort: ["kind", "alphabetical-ignoring-documents"],
};

export default config;
