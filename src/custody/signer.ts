import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign as signBytes,
  verify,
  type KeyObject,
} from "node:crypto";

/**
 * Signs a manifest's bytes with a key only the platform can use: ECDSA on P-256 over SHA-256,
 * the signature DER-encoded (ANSI X9.62, RFC 3279 section 2.2.3), the form `openssl dgst
 * -sha256 -verify` reads. On AWS a KMS key of spec ECC_NIST_P256 signs (kmsSigner); on the local
 * platform a key pair made at start (localSigner).
 */
export interface Signer {
  /** The DER ECDSA signature of SHA-256(bytes). */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
  /** The public key, PEM (SubjectPublicKeyInfo), as `openssl` and receiving teams read it. */
  publicKeyPem(): Promise<string>;
}

/** The local platform's signer: a P-256 key pair made in memory; node's ECDSA signatures are DER by default. */
export function localSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    sign: (bytes) => Promise.resolve(signBytes("sha256", bytes, privateKey)),
    publicKeyPem: () => Promise.resolve(pem),
  };
}

/** KMS's Sign call, as kmsSigner needs it: the key's id, a SHA-256 digest in, the DER signature out. */
export type KmsSign = (input: {
  KeyId: string;
  Message: Uint8Array;
  MessageType: "DIGEST";
  SigningAlgorithm: "ECDSA_SHA_256";
}) => Promise<{ Signature?: Uint8Array | undefined }>;
/** KMS's GetPublicKey call: the key's public half, DER SubjectPublicKeyInfo. */
export type KmsPublicKey = (input: { KeyId: string }) => Promise<{ PublicKey?: Uint8Array | undefined }>;

/**
 * The platform's signer on AWS: the KMS key signs, its private half never leaving KMS. The
 * manifest is hashed here and KMS is sent the digest (MessageType DIGEST), because Sign takes
 * messages of at most 4,096 bytes and a manifest of a few dozen files is larger. For
 * ECDSA_SHA_256 KMS returns the signature DER-encoded (ANSI X9.62-2005, RFC 3279 2.2.3), and
 * GetPublicKey a DER SubjectPublicKeyInfo.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html
 */
export function kmsSigner(keyId: string, sign: KmsSign, getPublicKey: KmsPublicKey): Signer {
  let pem: Promise<string> | undefined;
  return {
    async sign(bytes) {
      const digest = createHash("sha256").update(bytes).digest();
      const out = await sign({
        KeyId: keyId,
        Message: digest,
        MessageType: "DIGEST",
        SigningAlgorithm: "ECDSA_SHA_256",
      });
      if (!out.Signature) throw new Error(`KMS returned no signature for key ${keyId}`);
      return out.Signature;
    },
    publicKeyPem() {
      pem ??= getPublicKey({ KeyId: keyId }).then(({ PublicKey }) => {
        if (!PublicKey) throw new Error(`KMS returned no public key for key ${keyId}`);
        return createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" })
          .export({ type: "spki", format: "pem" })
          .toString();
      });
      return pem;
    },
  };
}

/** A PEM public key read, or why it could not be: an ECDSA P-256 key is the only kind the platform uses. */
export function readPublicKey(pem: string, where: string): { key?: KeyObject; error?: string } {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1")
      return {
        error: `${where}: the public key is a ${key.asymmetricKeyType ?? "?"} key, not the platform's ECDSA P-256 key; fetch it again with \`exports public-key\` or from docs/receiving-teams.md`,
      };
    return { key };
  } catch {
    return {
      error: `${where}: not a PEM public key (it should begin -----BEGIN PUBLIC KEY-----); fetch it again with \`exports public-key\` or from docs/receiving-teams.md`,
    };
  }
}

/** Whether `signature` (DER ECDSA) is the key's signature of SHA-256(bytes): what `openssl dgst -sha256 -verify` checks. */
export function signatureHolds(bytes: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    return verify("sha256", bytes, key, signature);
  } catch {
    return false;
  }
}

/** The key's fingerprint: SHA-256 of its DER SubjectPublicKeyInfo, hex, so a person can compare two keys at a glance. */
export function keyFingerprint(key: KeyObject): string {
  return createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex");
}
