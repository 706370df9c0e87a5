export {
  type Credentials,
  type CredentialsKind,
  type CredentialsOwner,
  createTokenCipher,
  decryptTokens,
  ENVELOPE_VERSION,
  encryptTokens,
  type OAuthCredentials,
  openCredentials,
  type PlainTokens,
  type SealedRecord,
  type SecretCredentials,
  sealCredentials,
  type TokenCipher,
} from "./cipher.ts";
export {
  envelopeKeyId,
  type RandomFill,
  TokenDecryptionError,
  type TokenDecryptionFailure,
} from "./envelope.ts";
export {
  createTokenKeyring,
  KEY_GENERATION_HINT,
  loadTokenKeyring,
  parseTokenKeys,
  TOKEN_KEYS_ENV,
  type TokenCryptoKey,
  TokenKeyError,
  type TokenKeyring,
} from "./keyring.ts";
export {
  countConnectionsNotOnKey,
  type ReencryptOptions,
  type ReencryptResult,
  reencryptAllTokens,
} from "./rotate.ts";
