/** Which row and field a token ciphertext belongs to; bound into the ciphertext as associated data. */
export interface TokenContext {
  readonly organizationId: string;
  readonly connectionId: string;
  readonly field: "access_token" | "refresh_token";
}

export interface SealedToken {
  readonly ciphertext: string;
  readonly keyId: string;
}

/** Encrypts and decrypts tokens at rest; the handlers never see keys. */
export interface TokenSealer {
  seal(plaintext: string, context: TokenContext): Promise<SealedToken>;
  open(ciphertext: string, context: TokenContext): Promise<string>;
}
