import { decodeBase64, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { GOOGLE_ENDPOINTS, GOOGLE_SERVICE_ACCOUNT_SCOPES, googleCalendarApi } from "../google/client.ts";
import { createHttpContext, sendTokenRequest, toProviderTokens } from "../http.ts";
import type { CalendarApi, ProviderEndpoints, ProviderRuntime, ProviderTokens } from "../types.ts";

/** WebCrypto's key type, named without the DOM lib. */
type SigningKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ASSERTION_LIFETIME_SECONDS = 3600;
// Google refuses an assertion issued "in the future": a server clock a little ahead must still mint.
const CLOCK_SKEW_SECONDS = 60;

/** The operation name of the service account's own token request, as its `ProviderError`s carry it. */
export const TOKEN_OPERATION = "token.jwt_bearer";

/** The fields of a Google service-account JSON key the kit uses. */
export interface GoogleServiceAccountKey {
  readonly client_email: string;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly private_key: string;
  readonly private_key_id?: string;
  readonly token_uri?: string;
}

export interface GoogleServiceAccountOptions extends ProviderRuntime {
  /** The JSON key, parsed or as text. It comes from server configuration, never from a request. */
  readonly key: GoogleServiceAccountKey | string;
  /** The Workspace user to impersonate (domain-wide delegation); null acts as the service account itself. */
  readonly subject: string | null;
  /** Default: `GOOGLE_SERVICE_ACCOUNT_SCOPES` (write events, list calendars). */
  readonly scopes?: readonly string[];
  /** Override the token endpoint or API base (a fake). Default: the key's `token_uri` and Google's. */
  readonly endpoints?: Partial<Pick<ProviderEndpoints, "token" | "apiBase" | "userinfo">>;
  /** Mint a new token this long before the current one expires. Default 60 000 ms. */
  readonly refreshSkewMs?: number;
}

/** The legacy provider: one operator-configured service account writing into calendar ids entered by hand. */
export interface GoogleServiceAccountProvider extends CalendarApi {
  readonly id: string;
  readonly clientEmail: string;
  readonly subject: string | null;
  /** A cached access token, minted with an RS256-signed JWT assertion (RFC 7523) when needed. */
  getAccessToken(options?: { readonly forceRefresh?: boolean }): Promise<ProviderTokens>;
}

/** Parses and checks a service-account JSON key; the error never quotes the key. */
export function parseServiceAccountKey(key: GoogleServiceAccountKey | string): GoogleServiceAccountKey {
  let value: unknown = key;
  if (typeof key === "string") {
    try {
      value = JSON.parse(key);
    } catch {
      throw new Error("The Google service account key is not valid JSON.");
    }
  }
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const { client_email, private_key, private_key_id, token_uri } = record;
  if (
    typeof client_email !== "string" ||
    typeof private_key !== "string" ||
    !private_key.includes("PRIVATE KEY")
  ) {
    throw new Error("The Google service account key needs client_email and a PEM private_key.");
  }
  return {
    client_email,
    private_key,
    ...(typeof private_key_id === "string" ? { private_key_id } : {}),
    ...(typeof token_uri === "string" ? { token_uri } : {}),
  };
}

/** Google Calendar through a service account with domain-wide delegation (the legacy setup). */
export function googleServiceAccountProvider(
  options: GoogleServiceAccountOptions,
): GoogleServiceAccountProvider {
  const key = parseServiceAccountKey(options.key);
  const ctx = createHttpContext("google-service-account", options);
  const tokenEndpoint = options.endpoints?.token ?? key.token_uri ?? GOOGLE_ENDPOINTS.token;
  const scopes = options.scopes ?? GOOGLE_SERVICE_ACCOUNT_SCOPES;
  const skew = options.refreshSkewMs ?? 60_000;
  let signingKey: Promise<SigningKey> | null = null;
  let current: ProviderTokens | null = null;
  let inflight: Promise<ProviderTokens> | null = null;

  const assertion = async (): Promise<string> => {
    signingKey ??= importPkcs8(key.private_key);
    const iat = Math.floor(ctx.now().getTime() / 1000) - CLOCK_SKEW_SECONDS;
    const header = {
      alg: "RS256",
      typ: "JWT",
      ...(key.private_key_id === undefined ? {} : { kid: key.private_key_id }),
    };
    const claims: Record<string, unknown> = {
      iss: key.client_email,
      scope: scopes.join(" "),
      aud: tokenEndpoint,
      iat,
      // Google allows at most an hour between iat and exp.
      exp: iat + ASSERTION_LIFETIME_SECONDS,
    };
    if (options.subject !== null) claims.sub = options.subject;
    const encoder = new TextEncoder();
    const unsigned = `${encodeBase64urlNoPadding(encoder.encode(JSON.stringify(header)))}.${encodeBase64urlNoPadding(encoder.encode(JSON.stringify(claims)))}`;
    const signature = await crypto.subtle.sign(
      "RSASSA-PKCS1-v1_5",
      await signingKey,
      encoder.encode(unsigned),
    );
    return `${unsigned}.${encodeBase64urlNoPadding(new Uint8Array(signature))}`;
  };

  const mint = async (): Promise<ProviderTokens> => {
    const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion: await assertion() });
    const tokens = await sendTokenRequest(ctx, TOKEN_OPERATION, tokenEndpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
    });
    return toProviderTokens(tokens, ctx.now(), scopes);
  };

  return {
    id: "google-service-account",
    clientEmail: key.client_email,
    subject: options.subject,
    async getAccessToken(request = {}) {
      const fresh = current !== null && current.expiresAt.getTime() - skew > ctx.now().getTime();
      if (fresh && request.forceRefresh !== true && current !== null) return current;
      // Single flight: concurrent callers share one token request.
      inflight ??= mint().finally(() => {
        inflight = null;
      });
      current = await inflight;
      return current;
    },
    ...googleCalendarApi(ctx, {
      apiBase: options.endpoints?.apiBase ?? GOOGLE_ENDPOINTS.apiBase,
      userinfo: options.endpoints?.userinfo ?? GOOGLE_ENDPOINTS.userinfo,
    }),
  };
}

function importPkcs8(pem: string): Promise<SigningKey> {
  // A copy backed by its own ArrayBuffer, as WebCrypto's types ask under the DOM lib too.
  const der = new Uint8Array(decodeBase64(pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "")));
  return crypto.subtle
    .importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"])
    .catch(() => {
      throw new Error("The Google service account private_key could not be imported (PKCS#8 RSA expected).");
    });
}
