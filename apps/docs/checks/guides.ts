// Reading the guides and the README for the checks beside this file.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** The repository's root. */
export const repositoryRoot: string = resolve(import.meta.dirname, "../../..");

/** The folder of the Markdown guides (recipes/ and any other folder included). */
export const guidesFolder: string = resolve(import.meta.dirname, "../guides");

/** A guide's text, by its path under guides/. */
export function readGuide(name: string): string {
  return readFileSync(join(guidesFolder, name), "utf8");
}

/** Every Markdown file whose links must resolve: the READMEs and every guide, as paths from the root. */
export function markdownFiles(): string[] {
  const guides = readdirSync(guidesFolder, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => relative(repositoryRoot, join(guidesFolder, file)));
  const readmes = [
    "README.md",
    ...readdirSync(join(repositoryRoot, "packages")).map((dir) => `packages/${dir}/README.md`),
  ];
  return [...readmes.filter((file) => existsIn(file)), ...guides].sort();
}

function existsIn(file: string): boolean {
  try {
    readFileSync(join(repositoryRoot, file));
    return true;
  } catch {
    return false;
  }
}

/** Markdown without fenced code blocks and inline code, where a bracket is not a link. */
export function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The targets of inline links and images (`[text](target)`) and of reference definitions (`[id]: target`). */
export function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1] ?? "",
  );
  const references = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? "");
  return [...inline, ...references];
}

/**
 * The section of a Markdown text under a heading whose text is exactly `heading`, up to the next
 * heading of the same or a higher level; null when there is no such heading.
 */
export function section(markdown: string, heading: string): string | null {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, "") === heading);
  if (start === -1) return null;
  const level = (lines[start]?.match(/^#+/)?.[0] ?? "").length;
  const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start + 1, end === -1 ? undefined : end).join("\n");
}
