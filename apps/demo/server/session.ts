import { createHmac, timingSafeEqual } from "node:crypto";
import { type DemoUser, findUser } from "./directory.ts";

export const SESSION_COOKIE = "demo_session";

/** The demo's session: a signed cookie naming the user. No passwords; it is a demo. */
export interface SessionCodec {
  /** The cookie value for a user. */
  encode(user: DemoUser): string;
  /** The user a cookie value names, or null when missing, unknown or forged. */
  decode(value: string | undefined): DemoUser | null;
  /** The user of a request's session cookie. */
  fromRequest(request: Request): DemoUser | null;
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export function createSessionCodec(secret: string): SessionCodec {
  const sign = (email: string): string => createHmac("sha256", secret).update(email).digest("base64url");
  const decode = (value: string | undefined): DemoUser | null => {
    if (value === undefined) return null;
    const dot = value.lastIndexOf(".");
    if (dot <= 0) return null;
    const email = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(sign(email));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return findUser(email);
  };
  return {
    encode: (user) => `${user.email}.${sign(user.email)}`,
    decode,
    fromRequest: (request) => decode(readCookie(request.headers.get("cookie"), SESSION_COOKIE)),
  };
}
