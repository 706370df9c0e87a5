import type { ReactElement } from "react";
import { useLanguage } from "../lib/language.tsx";
import type { Theme } from "../lib/theme.ts";
import { Icon } from "./icons.tsx";
import { shellStrings } from "./strings.ts";

export function ThemeToggle({
  theme,
  onChange,
}: {
  theme: Theme;
  onChange: (theme: Theme) => void;
}): ReactElement {
  const next = theme === "dark" ? "light" : "dark";
  const strings = shellStrings(useLanguage().language);
  const label = next === "light" ? strings.toLight : strings.toDark;
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={() => onChange(next)}
      className="focus-ring flex size-9 items-center justify-center rounded-md text-muted hover:bg-hover hover:text-fg"
    >
      <Icon name={theme === "dark" ? "sun" : "moon"} width={18} height={18} />
    </button>
  );
}
