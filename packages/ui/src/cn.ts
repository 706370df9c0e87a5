import { type ClassValue, clsx } from "clsx";

/** Joins class names; a host's `className` comes last so its utilities win in the cascade order it writes. */
export function cn(...values: ClassValue[]): string {
  return clsx(values);
}
