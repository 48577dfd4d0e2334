import { execFile } from "node:child_process";
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { exportJWK, type JWK } from "jose";

/** The local issuer's signing key, made at start, and its self-signed certificate. */
export interface SigningKey {
  privateKey: KeyObject;
  /** The public key as a JWK, with `x5c` (the certificate), `kid`, `alg` and `use`. */
  jwk: JWK;
  /** The certificate's SHA-1 fingerprint in hex: what an IAM OIDC provider calls its thumbprint. */
  thumbprint: string;
}

const BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
const END_KEY = "-----END PRIVATE KEY-----";

/**
 * Makes an RSA key and a self-signed certificate for it with Debian's `openssl`, which is there
 * wherever the engine is. The certificate is there because Ceph 16 checks a token's signature
 * only against the `x5c` certificate of the issuer's JWKS (docs/local-platform.md); Node can read
 * certificates but not make them.
 */
export async function makeSigningKey(kid: string): Promise<SigningKey> {
  const { stdout } = await promisify(execFile)(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "-",
      "-subj",
      "/CN=data-exports local issuer",
      "-days",
      "2",
    ],
    { encoding: "utf8" },
  );
  const keyStart = stdout.indexOf(BEGIN_KEY);
  const keyEnd = stdout.indexOf(END_KEY);
  if (keyStart < 0 || keyEnd < 0) throw new Error("openssl did not print a private key");
  const privateKey = createPrivateKey(stdout.slice(keyStart, keyEnd + END_KEY.length));
  const certificate = new X509Certificate(stdout.slice(stdout.indexOf("-----BEGIN CERTIFICATE-----")));
  if (!certificate.checkPrivateKey(privateKey)) throw new Error("openssl's certificate is not for its key");
  const jwk: JWK = {
    ...(await exportJWK(createPublicKey(privateKey))),
    kid,
    alg: "RS256",
    use: "sig",
    x5c: [certificate.raw.toString("base64")],
  };
  return { privateKey, jwk, thumbprint: certificate.fingerprint.replaceAll(":", "").toLowerCase() };
}
