// Test support: an OAuth connection with real tokens from a fake provider, stored encrypted, whose
// target is the account's primary calendar.

import type { FakeGoogle, FakeMicrosoft } from "@org/calendar-connections-testing";
import { encryptTokens } from "../../crypto/cipher.ts";
import type { TokenKeyring } from "../../crypto/keyring.ts";
import type { OAuthCalendarClient } from "../../providers/types.ts";
import { newId } from "../../storage/ids.ts";
import type { CalendarStorage, ConnectionRecord } from "../../storage/types.ts";

const VERIFIER = "seed-verifier-".repeat(4);

export interface SeedConnection {
  readonly storage: CalendarStorage;
  readonly keyring: TokenKeyring;
  /** The provider's id, as the connection records it. */
  readonly providerId: string;
  readonly fake: FakeGoogle | FakeMicrosoft;
  /** The provider's low-level client, pointed at the fake. */
  readonly client: OAuthCalendarClient;
  readonly organizationId: string;
  /** An account of the fake; its primary calendar becomes the target. */
  readonly email: string;
}

/** Consents at the fake, exchanges the code and stores an active connection with the encrypted tokens. */
export async function seedConnection(seed: SeedConnection): Promise<ConnectionRecord> {
  const url = seed.client.createAuthorizationURL({ state: `seed-${newId()}`, codeVerifier: VERIFIER });
  const back = await seed.fake.consent(url, { email: seed.email });
  const code = back.searchParams.get("code");
  if (code === null) throw new Error(`the fake did not consent: ${back.href}`);
  const tokens = await seed.client.exchangeCode(code, VERIFIER);
  const identity = await seed.client.getIdentity(tokens.accessToken);
  const primary = seed.fake.account(seed.email)?.calendars.find((calendar) => calendar.primary);
  if (primary === undefined) throw new Error(`${seed.email} has no primary calendar at the fake`);
  const id = newId();
  return seed.storage.createConnection({
    id,
    organizationId: seed.organizationId,
    provider: seed.providerId,
    exclusive: true,
    externalAccountId: identity.accountId,
    accountEmail: identity.email,
    calendarId: primary.id,
    calendarName: primary.name,
    scopes: tokens.grantedScopes,
    tokens: await encryptTokens(
      seed.keyring,
      { organizationId: seed.organizationId, connectionId: id },
      tokens,
    ),
  });
}
