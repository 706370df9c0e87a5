// A real OAuth 2.0 authorization server for the fixture: oidc-provider (a certified OpenID Connect
// implementation), with PKCE, refresh-token rotation, revocation and introspection, and a login + consent
// interaction a test drives over HTTP like a browser would.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, errors, type Interaction } from "oidc-provider";
import * as z from "zod/mini";

/** Someone who can sign in at the authorization server. */
export interface AuthorizationAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

/** The OAuth client the kit's provider is registered as. */
export interface AuthorizationClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Exactly the callback the kit derives (`publicBaseURL` + `basePath` + `/oauth/<id>/callback`). */
  readonly redirectURI: string;
}

/** The calendar API as a resource server: what its tokens say, and its credentials for introspection. */
export interface ResourceServerSettings {
  /** The resource indicator (RFC 8707) and audience of its access tokens. */
  readonly identifier: string;
  /** The scopes it defines, space-separated. */
  readonly scope: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface AuthorizationServerOptions {
  readonly accounts: readonly AuthorizationAccount[];
  readonly client: AuthorizationClient;
  readonly resource: ResourceServerSettings;
  /** Access-token lifetime in seconds. Default 600. */
  readonly accessTokenTTL?: number;
}

/** The endpoints, as the server's discovery document names them. */
export interface AuthorizationServerEndpoints {
  readonly authorization: string;
  readonly token: string;
  readonly revocation: string;
  readonly introspection: string;
}

/** What oidc-provider reported: a grant that succeeded (by grant type), a grant revoked, an error. */
export interface AuthorizationServerEvent {
  readonly type: "grant.success" | "grant.revoked" | "error";
  readonly detail: string;
}

/** The running authorization server. */
export interface AuthorizationServer {
  readonly issuer: string;
  readonly endpoints: AuthorizationServerEndpoints;
  readonly events: readonly AuthorizationServerEvent[];
  close(): Promise<void>;
}

const Discovery = z.object({
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  revocation_endpoint: z.string(),
  introspection_endpoint: z.string(),
});

const INTERACTION = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/;
const DAY = 24 * 60 * 60;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

/**
 * Starts oidc-provider on 127.0.0.1 (a free port) with one confidential client, PKCE required, refresh
 * tokens for `offline_access` (which oidc-provider grants only with `prompt=consent`) rotated on every use,
 * revocation and introspection, and the calendar API as the one resource server. The interaction pages
 * answer JSON: `GET /interaction/:uid` says which prompt is due, `POST …/login` (email, password) signs
 * in, `POST …/consent` (scope) grants the scopes named and rejects the rest of those requested.
 */
export async function startAuthorizationServer(
  options: AuthorizationServerOptions,
): Promise<AuthorizationServer> {
  const { client, resource } = options;
  const accounts = new Map(options.accounts.map((account) => [account.id, account]));
  const events: AuthorizationServerEvent[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectURI],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
      // The calendar API: it only introspects.
      {
        client_id: resource.clientId,
        client_secret: resource.clientSecret,
        redirect_uris: [],
        grant_types: [],
        response_types: [],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // The one signing key is an EC key; clients default to RS256.
    clientDefaults: { id_token_signed_response_alg: "ES256" },
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "fixture", alg: "ES256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account === undefined
        ? undefined
        : { accountId: account.id, claims: () => ({ sub: account.id, email: account.email }) };
    },
    pkce: { required: () => true },
    issueRefreshToken: (_ctx, registered, code) =>
      registered.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTTL ?? 600,
      AuthorizationCode: 60,
      Grant: 14 * DAY,
      IdToken: 600,
      Interaction: 600,
      RefreshToken: 14 * DAY,
      Session: 600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, caller, token) => caller.clientId === token.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx, caller, token) =>
          caller.clientId === resource.clientId || caller.clientId === token.clientId,
      },
      resourceIndicators: {
        enabled: true,
        // Requests name no `resource`: the calendar API is the default, and the tokens' only audience.
        defaultResource: () => resource.identifier,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, caller) => {
          if (indicator !== resource.identifier || caller.clientId !== client.clientId) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: resource.scope,
            audience: resource.identifier,
            accessTokenFormat: "opaque",
            accessTokenTTL: options.accessTokenTTL ?? 600,
          };
        },
      },
    },
    renderError: (ctx, out) => {
      ctx.type = "json";
      ctx.body = out;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on("grant.success", (ctx) => {
    events.push({ type: "grant.success", detail: String(ctx.oidc.params?.grant_type ?? "") });
  });
  provider.on("grant.revoked", (_ctx, grantId) => events.push({ type: "grant.revoked", detail: grantId }));
  // Failures inside oidc-provider surface here instead of as a bare 500 or 400.
  const failed = (where: string) => (_ctx: unknown, error: Error) => {
    events.push({ type: "error", detail: `${where}: ${error.message}` });
  };
  provider.on("server_error", failed("server_error"));
  provider.on("authorization.error", failed("authorization"));
  provider.on("grant.error", failed("grant"));
  provider.on("revocation.error", failed("revocation"));
  provider.on("introspection.error", failed("introspection"));

  async function consent(interaction: Interaction, granted: ReadonlySet<string>): Promise<string> {
    const { prompt, params, session } = interaction;
    if (session === undefined) throw new errors.SessionNotFound("no signed-in account");
    const grant =
      (interaction.grantId === undefined ? undefined : await provider.Grant.find(interaction.grantId)) ??
      new provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
    for (const scope of strings(prompt.details.missingOIDCScope)) {
      if (granted.has(scope)) grant.addOIDCScope(scope);
      else grant.rejectOIDCScope(scope);
    }
    const missingResourceScopes = prompt.details.missingResourceScopes;
    if (typeof missingResourceScopes === "object" && missingResourceScopes !== null) {
      for (const [indicator, scopes] of Object.entries(missingResourceScopes)) {
        for (const scope of strings(scopes)) {
          if (granted.has(scope)) grant.addResourceScope(indicator, scope);
          else grant.rejectResourceScope(indicator, scope);
        }
      }
    }
    return grant.save();
  }

  async function interact(
    request: IncomingMessage,
    response: ServerResponse,
    uid: string,
    step: string | undefined,
  ): Promise<void> {
    const interaction = await provider.interactionDetails(request, response);
    if (interaction.uid !== uid) throw new errors.SessionNotFound("interaction mismatch");
    if (request.method === "GET" && step === undefined) {
      sendJson(response, 200, { uid, prompt: interaction.prompt.name, details: interaction.prompt.details });
      return;
    }
    if (request.method !== "POST") {
      sendJson(response, 405, { error: "method_not_allowed" });
      return;
    }
    const form = await readForm(request);
    if (step === "login") {
      const account = [...accounts.values()].find((candidate) => candidate.email === form.get("email"));
      if (account === undefined || account.password !== form.get("password")) {
        sendJson(response, 200, { uid, prompt: "login", error: "Wrong email or password." });
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: account.id } });
      return;
    }
    const grantId = await consent(interaction, new Set((form.get("scope") ?? "").split(" ")));
    await provider.interactionFinished(request, response, { consent: { grantId } });
  }

  const callback = provider.callback();
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const match = INTERACTION.exec(new URL(request.url ?? "/", issuer).pathname);
    if (match === null) {
      void callback(request, response);
      return;
    }
    interact(request, response, match[1] ?? "", match[2]).catch((error: unknown) => {
      events.push({
        type: "error",
        detail: `interaction: ${error instanceof Error ? error.message : "unknown"}`,
      });
      if (!response.headersSent) sendJson(response, 400, { error: "interaction_failed" });
    });
  });

  const discovered = Discovery.parse(
    await (
      await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) })
    ).json(),
  );
  const endpoints: AuthorizationServerEndpoints = {
    authorization: discovered.authorization_endpoint,
    token: discovered.token_endpoint,
    revocation: discovered.revocation_endpoint,
    introspection: discovered.introspection_endpoint,
  };

  return {
    issuer,
    endpoints,
    events,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
