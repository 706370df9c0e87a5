import { LIMITS } from "./limits.ts";

// Refuses anything a browser could resolve to another origin: protocol-relative `//x`, `/\x`
// (browsers read `\` as `/`), schemes, control characters and encoded forms of those.
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Whether `value` is a same-origin relative path that is safe to redirect to after OAuth.
 * Both the server (before redirecting) and the UI (before sending it) use this one check.
 */
export function isSafeReturnTo(value: string): boolean {
  if (value.length === 0 || value.length > LIMITS.returnTo) return false;
  if (!value.startsWith("/")) return false;
  if (hasControlCharacter(value)) return false;
  let decoded = value;
  // Decode repeatedly so `%2F%2F`, `%252F…` and friends are judged as what they become.
  for (let round = 0; round < 3; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return false;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (hasControlCharacter(decoded)) return false;
  const head = decoded.slice(0, 2);
  if (head === "//" || head === "/\\") return false;
  if (decoded.includes("\\")) return false;
  // A relative path must resolve to the same origin whatever the base is.
  const base = "https://origin.invalid";
  try {
    return new URL(value, base).origin === base && new URL(decoded, base).origin === base;
  } catch {
    return false;
  }
}
