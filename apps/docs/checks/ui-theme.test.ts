import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGuide, repositoryRoot } from "./guides.ts";

describe("the theming guide", () => {
  it("describes every --cc-* variable the stylesheet declares", () => {
    const styles = readFileSync(join(repositoryRoot, "packages/ui/src/styles.css"), "utf8");
    const declared = [...new Set([...styles.matchAll(/^\s*(--cc-[a-z-]+)\s*:/gm)].map((m) => m[1] ?? ""))];
    expect(declared.length).toBeGreaterThan(20);
    const guide = readGuide("theming-and-localization.md");
    expect(declared.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });
});
