import type { ReactElement } from "react";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

const TONES = ["bg-sky-700", "bg-emerald-700", "bg-violet-700", "bg-amber-700", "bg-rose-700"];

/** A round initials avatar with a stable color per name. */
export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" }): ReactElement {
  const tone = TONES[[...name].reduce((sum, char) => sum + char.charCodeAt(0), 0) % TONES.length];
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white ${tone} ${
        size === "sm" ? "size-6 text-[0.625rem]" : "size-8 text-xs"
      }`}
    >
      {initials(name)}
    </span>
  );
}
