// A TypeDoc plugin: the guides index lists the pages of guides/recipes/ where it says `<!-- recipes -->`.
// The recipes are written beside the other guides and may come and go; the index names none by hand.
import { Converter, ReflectionKind } from "typedoc";

const MARKER = "<!-- recipes -->";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const index =
      project.readme?.findIndex((part) => part.kind === "text" && part.text.includes(MARKER)) ?? -1;
    if (!project.readme || index === -1) return;
    const recipes = project
      .getReflectionsByKind(ReflectionKind.Document)
      .map((document) => ({ document, path: project.files.getReflectionPath(document) ?? "" }))
      .filter(({ path }) => path.includes("/guides/recipes/"))
      .sort((a, b) => a.path.localeCompare(b.path));
    /** @type {import("typedoc").CommentDisplayPart[]} */
    const list =
      recipes.length === 0
        ? [{ kind: "text", text: "No recipes are in this checkout." }]
        : recipes.flatMap(({ document }) => [
            { kind: "text", text: "- " },
            { kind: "inline-tag", tag: "@link", text: document.name, target: document },
            { kind: "text", text: "\n" },
          ]);
    const [before, after] = project.readme[index].text.split(MARKER);
    project.readme.splice(index, 1, { kind: "text", text: before ?? "" }, ...list, {
      kind: "text",
      text: after ?? "",
    });
  });
}
