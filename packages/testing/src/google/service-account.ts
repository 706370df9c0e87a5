import { asRecord, fromBase64url, json, pemToDer } from "../util.ts";
import { type FakeGoogleOptions, GoogleOAuth } from "./oauth.ts";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** A service account the fake accepts JWT bearer assertions from (the legacy provider). */
export interface FakeServiceAccount {
  readonly clientEmail: string;
  /** SPKI PEM of the key the assertions are signed with; without it signatures are not checked. */
  readonly publicKeyPem?: string;
  /** Domain-wide delegation: whether it may impersonate accounts (`sub`). Default true. */
  readonly delegation?: boolean;
}

/** Google's service-account JWT bearer grant (RFC 7523), on top of its OAuth dialect. */
export abstract class GoogleServiceAccounts extends GoogleOAuth {
  private readonly serviceAccounts: FakeServiceAccount[];

  constructor(options: FakeGoogleOptions = {}) {
    super(options);
    this.serviceAccounts = [...(options.serviceAccounts ?? [])];
  }

  /** Registers a service account for the JWT bearer grant. */
  addServiceAccount(serviceAccount: FakeServiceAccount): void {
    this.serviceAccounts.push(serviceAccount);
  }

  /** RFC 7523 JWT bearer assertions from service accounts, as Google's token endpoint accepts them. */
  protected override async extraGrant(
    grantType: string | null,
    form: URLSearchParams,
  ): Promise<Response | null> {
    if (grantType !== JWT_BEARER) return null;
    const invalid = (description: string): Response => this.oauthError(400, "invalid_grant", description);
    const [headerPart, payloadPart, signaturePart] = (form.get("assertion") ?? "").split(".");
    if (headerPart === undefined || payloadPart === undefined || signaturePart === undefined) {
      return invalid("Invalid JWT: token must be a signed JWT.");
    }
    let header: Record<string, unknown> | null;
    let claims: Record<string, unknown> | null;
    try {
      const decoder = new TextDecoder();
      header = asRecord(JSON.parse(decoder.decode(fromBase64url(headerPart))));
      claims = asRecord(JSON.parse(decoder.decode(fromBase64url(payloadPart))));
    } catch {
      return invalid("Invalid JWT: malformed.");
    }
    if (header?.alg !== "RS256" || claims === null) return invalid("Invalid JWT: RS256 is required.");
    const account = this.serviceAccounts.find((candidate) => candidate.clientEmail === claims.iss);
    if (account === undefined) return invalid("Invalid JWT Signature.");
    if (account.publicKeyPem !== undefined) {
      const key = await crypto.subtle.importKey(
        "spki",
        pemToDer(account.publicKeyPem),
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        ["verify"],
      );
      const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
      const valid = await crypto.subtle.verify(
        "RSASSA-PKCS1-v1_5",
        key,
        fromBase64url(signaturePart),
        signed,
      );
      if (!valid) return invalid("Invalid JWT Signature.");
    }
    const now = Math.floor(this.now() / 1000);
    const iat = typeof claims.iat === "number" ? claims.iat : Number.NaN;
    const exp = typeof claims.exp === "number" ? claims.exp : Number.NaN;
    if (claims.aud !== this.endpoints.token && claims.aud !== "https://oauth2.googleapis.com/token") {
      return invalid("Invalid JWT: aud must be the token endpoint.");
    }
    if (!(iat <= now + 60 && exp > now && exp - iat <= 3600)) {
      return invalid(
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
      );
    }
    const scopes =
      typeof claims.scope === "string" ? claims.scope.split(" ").filter((scope) => scope !== "") : [];
    if (scopes.length === 0)
      return this.oauthError(400, "invalid_scope", "Empty or missing scope not allowed.");
    if (account.delegation === false) {
      return this.oauthError(
        401,
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method.",
      );
    }
    const subject = typeof claims.sub === "string" ? this.account(claims.sub) : undefined;
    if (subject === undefined) return invalid("Invalid email or User ID");
    const { accessToken } = this.issueDirectGrant(account.clientEmail, subject, scopes);
    return json({ access_token: accessToken, expires_in: this.accessTokenTtlSeconds, token_type: "Bearer" });
  }
}
