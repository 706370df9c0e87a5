import { safeEqual } from "../util.ts";
import type { FakeClient } from "./model.ts";

/** The OAuth clients a fake knows; with none registered, every client id is accepted with any secret. */
export class ClientRegistry {
  constructor(private readonly clients: readonly FakeClient[]) {}

  /** The client with this id (a public client for any id when none are registered), or null. */
  find(clientId: string | null): FakeClient | null {
    if (clientId === null || clientId === "") return null;
    if (this.clients.length === 0) return { clientId, clientSecret: null };
    return this.clients.find((client) => client.clientId === clientId) ?? null;
  }

  /** The client a token request authenticates as (HTTP Basic or form fields), or null. */
  authenticate(request: Request, form: URLSearchParams): FakeClient | null {
    let clientId = form.get("client_id");
    let secret = form.get("client_secret");
    const authorization = request.headers.get("authorization");
    if (authorization?.startsWith("Basic ")) {
      try {
        const decoded = atob(authorization.slice(6));
        const colon = decoded.indexOf(":");
        if (colon < 0) return null;
        clientId = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        return null;
      }
    }
    const client = this.find(clientId);
    if (client === null) return null;
    if (this.clients.length === 0) return client;
    if (client.clientSecret !== null && (secret === null || !safeEqual(secret, client.clientSecret)))
      return null;
    return client;
  }
}
