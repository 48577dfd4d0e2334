import { readFile } from "node:fs/promises";
import { localPublicKeyPath, localStateDir } from "../../local/stateDir";
import { kmsSigner, type KmsPublicKey } from "../../custody/signer";
import { GUID, KMS_KEY_ARN } from "../../config/names";
import { visible } from "../../report/escape";
import { localPort, localPortError, startLocalPlatform } from "../localPort";
import type { Output } from "../output";

/**
 * `exports public-key`: with --local, the key the local platform made at start; with --key-id,
 * the public half of the core stack's KMS signing key (its output ManifestSigningKeyArn), read
 * with KMS's GetPublicKey and the caller's credentials (kms:GetPublicKey on that key; the key
 * policy gives the account's IAM policies that, never Sign). `getPublicKey` is KMS's call, given
 * in tests.
 */
export async function publicKeyCommand(
  options: { local: boolean; port: string; keyId?: string },
  out: Output,
  getPublicKey?: KmsPublicKey,
): Promise<number> {
  if (options.keyId !== undefined && options.local) {
    out.stderr("exports public-key: --key-id reads the key on AWS and --local the local platform's: give one\n");
    return 2;
  }
  if (options.keyId !== undefined) return awsPublicKey(options.keyId, out, getPublicKey);
  if (!options.local) {
    out.stderr(
      "exports public-key: say which key: --key-id <the core stack's ManifestSigningKeyArn output> on AWS (docs/operators.md), or --local for the local platform's\n",
    );
    return 2;
  }
  const port = localPort(options.port);
  if (port === undefined) {
    out.stderr(`exports public-key: ${localPortError(visible(options.port))}\n`);
    return 2;
  }
  const file = localPublicKeyPath(localStateDir(port));
  const pem = await readFile(file, "utf8").catch(() => undefined);
  if (!pem) {
    out.stderr(`exports public-key: no key at ${file}: start the local platform first (${startLocalPlatform(port)})\n`);
    return 2;
  }
  out.stdout(pem);
  return 0;
}

// A KMS key's ARN, in the form dataset files name keys by, or its bare id (a GUID).
const isKeyId = (keyId: string) => KMS_KEY_ARN.test(keyId) || GUID.test(keyId);

/** The KMS signing key's public half, PEM, as receiving teams verify with it. */
async function awsPublicKey(keyId: string, out: Output, given?: KmsPublicKey): Promise<number> {
  if (!isKeyId(keyId)) {
    out.stderr(
      `exports public-key: --key-id must be the signing key's ARN, e.g. arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (the core stack's output ManifestSigningKeyArn); found ${JSON.stringify(visible(keyId))}\n`,
    );
    return 2;
  }
  const getPublicKey = given ?? (await kmsGetPublicKey(keyId));
  const never = () => Promise.reject(new Error("exports public-key does not sign"));
  try {
    out.stdout(await kmsSigner(keyId, never, getPublicKey).publicKeyPem());
    return 0;
  } catch (error) {
    out.stderr(
      `exports public-key: KMS could not give the public key of ${keyId}: ${visible(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 1;
  }
}

/** KMS's GetPublicKey with the caller's credentials, in the key's own region (from its ARN). */
async function kmsGetPublicKey(keyId: string): Promise<KmsPublicKey> {
  const { GetPublicKeyCommand, KMSClient } = await import("@aws-sdk/client-kms");
  const region = keyId.startsWith("arn:") ? keyId.split(":")[3] : undefined;
  const kms = new KMSClient(region ? { region } : {});
  return (input) => kms.send(new GetPublicKeyCommand(input));
}
