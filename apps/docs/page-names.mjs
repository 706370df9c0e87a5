// A TypeDoc plugin that names pages as readers know them: each entry point's module by its import specifier
// (`@org/calendar-connections-server/sqlite`, not its path `server/src/storage/sqlite`), and each guide by its
// first heading (`Getting started`, not its file name `getting-started`).
import { Converter, ReflectionKind } from "typedoc";
import { apiEntryPoints } from "./typedoc.config.mjs";

/** @param {import("typedoc").Application} app */
export function load(app) {
  const names = new Map(apiEntryPoints().map(([name, file]) => [file, name]));
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const name = file && names.get(file);
    if (name) reflection.name = name;
  });
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    if (document.frontmatter.title) return;
    const text = document.content.map((part) => part.text).join("");
    const heading = text.match(/^# (.+)$/m)?.[1]?.trim();
    if (heading) document.name = heading;
  });
}
