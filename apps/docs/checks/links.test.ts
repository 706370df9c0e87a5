import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { linkTargets, markdownFiles, repositoryRoot, withoutCode } from "./guides.ts";

/** A link that leaves the page for the web (or a mail client) rather than for a file. */
const isExternal = (target: string): boolean => /^(https?:|mailto:)/i.test(target);

describe("links in the README and the guides", () => {
  const files = markdownFiles();

  it("finds the README and the guides", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("apps/docs/guides/index.md");
    expect(files.filter((file) => file.startsWith("apps/docs/guides/")).length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)("%s: every relative link resolves to a file or folder inside the repository", (file) => {
    const problems: string[] = [];
    for (const target of linkTargets(readFileSync(join(repositoryRoot, file), "utf8"))) {
      if (isExternal(target) || target.startsWith("#")) continue;
      const path = decodeURIComponent(target.split("#")[0] ?? "");
      if (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
        problems.push(`${target}: absolute, so it leaves the repository (use a relative link)`);
        continue;
      }
      const resolved = join(dirname(join(repositoryRoot, file)), path);
      const inside = relative(repositoryRoot, resolved);
      if (inside.startsWith("..") || isAbsolute(inside)) problems.push(`${target}: outside the repository`);
      else if (!existsSync(resolved)) problems.push(`${target}: no such file`);
    }
    expect(problems).toEqual([]);
  });

  it.each(files)("%s: names no path outside the repository", (file) => {
    const text = readFileSync(join(repositoryRoot, file), "utf8");
    expect(text).not.toMatch(/\.\.\/shared\b|\/work\//);
    expect(withoutCode(text)).not.toMatch(/\bshared\/(DESIGN|TOOLCHAIN)\.md/);
  });
});

describe("linkTargets", () => {
  it("reads inline links, images and reference definitions, and skips code", () => {
    const markdown = [
      'See [the guide](guides/a.md#part) and ![shot](docs/shot.png "Shot").',
      "[ref]: ../b.md",
      "`[not](a-link.md)`",
      "```",
      "[nor](this.md)",
      "```",
    ].join("\n");
    expect(linkTargets(markdown)).toEqual(["guides/a.md#part", "docs/shot.png", "../b.md"]);
  });
});
