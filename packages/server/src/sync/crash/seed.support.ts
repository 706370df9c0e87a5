// Test support: a Google connection with real tokens from a fake Google, stored encrypted.

import type { FakeGoogle } from "@org/calendar-connections-testing";
import { encryptTokens } from "../../crypto/cipher.ts";
import type { TokenKeyring } from "../../crypto/keyring.ts";
import type { OAuthCalendarClient } from "../../providers/types.ts";
import { newId } from "../../storage/ids.ts";
import type { CalendarStorage, ConnectionRecord } from "../../storage/types.ts";

const VERIFIER = "seed-verifier-".repeat(4);

export interface SeedGoogleConnection {
  readonly storage: CalendarStorage;
  readonly keyring: TokenKeyring;
  readonly fake: FakeGoogle;
  /** A Google provider pointed at the fake. */
  readonly provider: OAuthCalendarClient;
  readonly organizationId: string;
  /** An account of the fake; its primary calendar (id = the email) becomes the target. */
  readonly email: string;
}

/** Consents at the fake, exchanges the code and stores an active connection with the encrypted tokens. */
export async function seedGoogleConnection(seed: SeedGoogleConnection): Promise<ConnectionRecord> {
  const url = seed.provider.createAuthorizationURL({ state: `seed-${newId()}`, codeVerifier: VERIFIER });
  const back = await seed.fake.consent(url, { email: seed.email });
  const code = back.searchParams.get("code");
  if (code === null) throw new Error(`the fake did not consent: ${back.href}`);
  const tokens = await seed.provider.exchangeCode(code, VERIFIER);
  const id = newId();
  return seed.storage.createConnection({
    id,
    organizationId: seed.organizationId,
    provider: "google",
    exclusive: true,
    externalAccountId: seed.email,
    accountEmail: seed.email,
    calendarId: seed.email,
    calendarName: seed.email,
    scopes: tokens.grantedScopes,
    tokens: await encryptTokens(
      seed.keyring,
      { organizationId: seed.organizationId, connectionId: id },
      tokens,
    ),
  });
}
