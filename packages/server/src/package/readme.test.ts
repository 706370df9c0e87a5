// The README's server examples are what a host copies first: they must compile against the package as
// it is. Each block is type-checked with the package's compiler settings, preceded by declarations of
// the host code it calls ("your code": the session, the roles, the events table).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");

/** The host code the examples call, as the compiler needs to know it. */
const HOST = `
interface Session { readonly userId: string; readonly activeOrganizationId: string }
declare function getSession(request: Request): Promise<Session | null>;
declare function roleOf(userId: string, organizationId: string): Promise<string>;
declare const db: {
  events: {
    find(organizationId: string, eventId: string): Promise<import("@org/calendar-connections-server").HostEvent | null>;
    forOrganization(organizationId: string): Promise<import("@org/calendar-connections-server").HostEventWithId[]>;
  };
};
`;

/** The first `ts` block after a heading. */
function blockAfter(heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading "${heading}"`);
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!match?.[1]) throw new Error(`README has no ts block after "${heading}"`);
  return match[1];
}

// Each check reuses the previous program's parsed files (the package and its dependencies' types).
let previous: ts.Program | undefined;

function diagnosticsOf(code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${packageDir}/tsconfig.json`,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error("cannot read tsconfig.json");
  // A file inside the package, so the package's own name and its dependencies resolve as for a host.
  const file = `${packageDir}/src/package/readme-example.ts`;
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, code, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram({
    rootNames: [file],
    options: { ...config.options, noEmit: true },
    host,
    ...(previous === undefined ? {} : { oldProgram: previous }),
  });
  previous = program;
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

describe("the README's server examples compile", () => {
  it('"Mounting the server"', () => {
    expect(diagnosticsOf(`${HOST}\n${blockAfter("## Mounting the server")}`)).toEqual([]);
  }, 60_000);

  it('"Offline development"', () => {
    expect(diagnosticsOf(blockAfter("### Offline development: the fake Google and Microsoft"))).toEqual([]);
  }, 60_000);

  it("and would report a mistake (the check is not vacuous)", () => {
    const broken = blockAfter("## Mounting the server").replace(/\n {2}getEvent: .*\n/, "\n");
    expect(diagnosticsOf(`${HOST}\n${broken}`).join("\n")).toMatch(/getEvent/);
  }, 60_000);
});
