// Test support: token envelopes exactly as the v1 cipher (before migration 2) wrote them, made once
// with that code and frozen here, so the tests of the migration and the legacy reader never depend
// on code that could drift along with the reader.

/** The v1 keys (`CALENDAR_TOKEN_KEYS` entries): k1 was the primary, k0 an older one. */
export const V1_KEYS = {
  k0: `k0:${Buffer.alloc(32, 10).toString("base64")}`,
  k1: `k1:${Buffer.alloc(32, 11).toString("base64")}`,
} as const;

/** One connection's tokens as v1 stored them: two field-bound envelopes and the key id. */
export interface V1Row {
  readonly id: string;
  readonly organizationId: string;
  readonly provider: string;
  readonly keyId: "k0" | "k1";
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly accessTokenCiphertext: string;
  readonly refreshTokenCiphertext: string | null;
}

/** Made by `encryptTokens` of the v1 cipher for these owners and plaintexts. */
export const V1_ROWS: readonly V1Row[] = [
  {
    id: "01900000000000000000000000000a01",
    organizationId: "org-a",
    provider: "google",
    keyId: "k1",
    accessToken: "ya29.v1-ACCESS-a01",
    refreshToken: "1//v1-REFRESH-a01",
    accessTokenCiphertext: "v1.k1.fjpugZNaRisdVz8t.yH7NclZelABGdrknuqtFXfDphP3GplTw5r0ceVuLywxMAA",
    refreshTokenCiphertext: "v1.k1.XnmKP8OjgWpvO9JY.v7CjyByHXb8ofQNFdTwQURp6eS4mF9JBXQkTk0TdRub4",
  },
  {
    id: "01900000000000000000000000000b01",
    organizationId: "org-b",
    provider: "microsoft",
    keyId: "k1",
    accessToken: "ya29.v1-ACCESS-b01",
    refreshToken: "1//v1-REFRESH-b01",
    accessTokenCiphertext: "v1.k1.eHPOW-tes6s5DDGy.pPCMKVcShSfLHOq5D_3-JnJdjcIEvCkcf0RIMvUEuC2cqg",
    refreshTokenCiphertext: "v1.k1.xpzdff5L-FLYQ8pJ.mEv0vYaaRJAySfDaFuMtJqg76ph7xqcolUAjvp-24uB6",
  },
  {
    id: "01900000000000000000000000000c01",
    organizationId: "org-c",
    provider: "microsoft",
    keyId: "k0",
    accessToken: "ya29.v1-ACCESS-c01",
    refreshToken: "1//v1-REFRESH-c01",
    accessTokenCiphertext: "v1.k0.BJc2Ff1Ul4duEfeL.l8zxTlMGNcCymz6P046Ma7t9UQ2VWB_WHwmjgQ-nTFzyAg",
    refreshTokenCiphertext: "v1.k0.BguhPbDurBU2wKF6.ooUfX4Cldh1YV3L7nvfZLZWXqpBXhtGJc3ibYHlMWtnp",
  },
  {
    id: "01900000000000000000000000000d01",
    organizationId: "org-d",
    provider: "google",
    keyId: "k1",
    accessToken: "ya29.v1-ACCESS-d01",
    refreshToken: null,
    accessTokenCiphertext: "v1.k1.lRAdrSOgpbtszQ4s.ZubjXb7Pphbh0FXAlM5A0OPIcdpdcmwx8sMuWj2-0O7PfQ",
    refreshTokenCiphertext: null,
  },
];

/** The credentials column migration 2 makes of a v1 row (its JSON wrapper; key order as SQLite writes it). */
export function legacyWrapper(row: V1Row): string {
  return JSON.stringify({
    legacy: "v1",
    access_token: row.accessTokenCiphertext,
    refresh_token: row.refreshTokenCiphertext,
  });
}
