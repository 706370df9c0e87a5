// What a host installs: packs each published package as `pnpm pack` does for a release (workspace: and
// catalog: ranges resolved) and checks every tarball: a LICENSE and a README, no test or test helper,
// dependency ranges a host can share (carets, no exact pins), publint and Are the Types Wrong clean; then
// type-checks a host file that imports every entry of the built packages with `skipLibCheck: false`.
// Needs `pnpm --filter "./packages/*" build` first. Exit 1 on any finding. A copy of each tarball stays in
// .reports/packs for the consumer apps' step (e2e/consumers/run.mjs --packs .reports/packs).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(import.meta.dirname, "..");
const bin = (name) => join(root, "node_modules/.bin", name);
const PACKAGES = ["core", "server", "testing", "ui"];

/** Files a host never needs: tests, test helpers, scripts the tests spawn. */
const NOT_FOR_HOSTS = /\.test\.[cm]?[jt]sx?$|\.support\.|(^|\/)(test|__tests__)\/|\.mjs$|\.tsbuildinfo$/;
/** A range a host can share: one caret per tested major (`^1.2.3`, `^18.3.0 || ^19.0.0`). */
const SHAREABLE = /^\^\d+\.\d+\.\d+( \|\| \^\d+\.\d+\.\d+)*$/;

const license = readFileSync(join(root, "LICENSE"), "utf8");
const problems = [];
const out = mkdtempSync(join(tmpdir(), "cc-packs-"));
const kept = join(root, ".reports/packs");
rmSync(kept, { recursive: true, force: true });
mkdirSync(kept, { recursive: true });
const run = (command, args, options = {}) =>
  execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });

try {
  for (const name of PACKAGES) {
    const dir = join(root, "packages", name);
    const before = new Set(readdirSync(out));
    run("pnpm", ["pack", "--pack-destination", out], { cwd: dir });
    const tarball = join(out, readdirSync(out).find((file) => !before.has(file)) ?? "");
    copyFileSync(tarball, join(kept, basename(tarball)));
    const files = run("tar", ["-tzf", tarball])
      .split("\n")
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ""));
    const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"]));
    const own = (problem) => problems.push(`${manifest.name}: ${problem}`);

    for (const required of ["LICENSE", "README.md", "package.json"])
      if (!files.includes(required)) own(`the tarball has no ${required}`);
    // Each package carries a copy of the repository's license (npm packs a package's own folder only).
    if (files.includes("LICENSE") && run("tar", ["-xzOf", tarball, "package/LICENSE"]) !== license)
      own("its LICENSE differs from the repository's");
    for (const file of files.filter((file) => NOT_FOR_HOSTS.test(file))) own(`ships ${file}`);
    for (const field of ["dependencies", "peerDependencies"]) {
      for (const [dependency, range] of Object.entries(manifest[field] ?? {}))
        if (!SHAREABLE.test(range)) own(`${field}.${dependency} is "${range}", not a caret range`);
    }

    try {
      const lint = run(bin("publint"), ["run", tarball, "--strict", "--level", "suggestion"]);
      if (!lint.includes("All good!")) own(`publint:\n${lint}`);
    } catch (error) {
      own(`publint:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
    try {
      // ESM only by design (no `require` condition): CommonJS resolutions are not checked. CSS is not typed.
      run(bin("attw"), [
        tarball,
        "--profile",
        "esm-only",
        "--no-definitely-typed",
        "--exclude-entrypoints",
        "./styles.css",
        "--format",
        "ascii",
      ]);
    } catch (error) {
      own(`Are the Types Wrong:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
    console.log(`${manifest.name}: ${files.length} files, publint and attw checked`);
  }

  // A host's own type-check of everything it can import, declaration files included.
  const entries = PACKAGES.flatMap((name) => {
    const manifest = JSON.parse(
      run("node", ["-p", `JSON.stringify(require("./packages/${name}/package.json"))`], { cwd: root }),
    );
    return Object.entries(manifest.exports)
      .filter(([, target]) => typeof target === "object" && "types" in target)
      .map(([path]) => `${manifest.name}${path === "." ? "" : path.slice(1)}`);
  });
  const hostDir = join(root, "apps/demo");
  const hostFile = join(hostDir, "host-types-check.ts");
  const code = entries.map((entry, index) => `export * as entry${index} from "${entry}";`).join("\n");
  const options = {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    jsx: ts.JsxEmit.ReactJSX,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === hostFile ? ts.createSourceFile(file, code, language) : getSourceFile(file, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === hostFile || fileExists(file);
  const program = ts.createProgram({ rootNames: [hostFile], options, host });
  // Only our declarations count: drizzle-orm's own do not pass `skipLibCheck: false` (mysql2 types missing,
  // and more), which a host using `./drizzle` meets with or without the kit.
  const ours = (file) => file === hostFile || !file.includes("/node_modules/");
  const all = ts.getPreEmitDiagnostics(program);
  const diagnostics = all
    .filter((diagnostic) => diagnostic.file === undefined || ours(diagnostic.file.fileName))
    .map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.replace(`${root}/`, "")}: ` : "";
      return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
    });
  const elsewhere = all.length - diagnostics.length;
  if (diagnostics.length > 0)
    problems.push(`a host's tsc (skipLibCheck false):\n  ${diagnostics.join("\n  ")}`);
  else
    console.log(
      `a host's tsc with skipLibCheck false accepts the declarations of all ${entries.length} entries` +
        ` (${elsewhere} diagnostics in dependencies' own declarations not counted)`,
    );
} finally {
  rmSync(out, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s) in what a host installs:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
