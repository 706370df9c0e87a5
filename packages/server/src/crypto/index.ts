export {
  createTokenCipher,
  decryptToken,
  decryptTokens,
  ENVELOPE_VERSION,
  encryptToken,
  encryptTokens,
  envelopeKeyId,
  type PlainTokens,
  type TokenCipher,
  type TokenContext,
  TokenDecryptionError,
  type TokenDecryptionFailure,
  type TokenField,
} from "./cipher.ts";
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
export { type ReencryptOptions, type ReencryptResult, reencryptAllTokens } from "./rotate.ts";
