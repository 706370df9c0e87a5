import { encodeBase64 } from "@oslojs/encoding";
import { ProviderError } from "./errors.ts";

/** The `ProviderError` a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** A fresh RS256 key pair as PEM, the shape a service-account JSON key and the fake Google use. */
export async function rsaKeyPairPem(): Promise<{ privatePem: string; publicPem: string }> {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  );
  const pem = (label: string, der: ArrayBuffer): string =>
    `-----BEGIN ${label}-----\n${encodeBase64(new Uint8Array(der))
      .match(/.{1,64}/g)
      ?.join("\n")}\n-----END ${label}-----\n`;
  return {
    privatePem: pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", pair.privateKey)),
    publicPem: pem("PUBLIC KEY", await crypto.subtle.exportKey("spki", pair.publicKey)),
  };
}
