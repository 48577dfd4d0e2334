import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicKeyCommand } from "../../src/cli/publicKey/command";

// `exports public-key --key-id <arn>` on AWS: KMS's GetPublicKey (a DER SubjectPublicKeyInfo)
// printed as the PEM receiving teams verify manifests with (docs/receiving-teams.md).
const ARN = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function output() {
  const o = { stdout: "", stderr: "" };
  return { o, out: { stdout: (t: string) => void (o.stdout += t), stderr: (t: string) => void (o.stderr += t) } };
}

describe("exports public-key --key-id", () => {
  it("prints the KMS key's public half as a PEM that verifies the key's signatures", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const asked: string[] = [];
    const getPublicKey = (input: { KeyId: string }) => {
      asked.push(input.KeyId);
      return Promise.resolve({ PublicKey: new Uint8Array(publicKey.export({ type: "spki", format: "der" })) });
    };
    const { o, out } = output();
    expect(await publicKeyCommand({ local: false, port: "7480", keyId: ARN }, out, getPublicKey)).toBe(0);
    expect(asked).toEqual([ARN]);
    expect(o.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const signature = sign("sha256", Buffer.from("manifest"), privateKey);
    expect(verify("sha256", Buffer.from("manifest"), createPublicKey(o.stdout), signature)).toBe(true);
  });

  it.each([
    [
      { local: false, port: "7480", keyId: "alias/signing" },
      2,
      /--key-id must be the signing key's ARN, e\.g\. arn:aws:kms:/,
    ],
    [{ local: true, port: "7480", keyId: ARN }, 2, /give one/],
    [{ local: false, port: "7480" }, 2, /--key-id <the core stack's ManifestSigningKeyArn output>/],
  ])("refuses %j with exit %i and says what to give", async (options, code, message) => {
    const { o, out } = output();
    expect(await publicKeyCommand(options, out, () => Promise.reject(new Error("not asked")))).toBe(code);
    expect(o.stderr).toMatch(message);
    expect(o.stdout).toBe("");
  });

  it("says why when KMS refuses (exit 1), with no key printed", async () => {
    const { o, out } = output();
    const denied = () =>
      Promise.reject(
        Object.assign(new Error("User is not authorized to perform: kms:GetPublicKey"), {
          name: "AccessDeniedException",
        }),
      );
    expect(await publicKeyCommand({ local: false, port: "7480", keyId: ARN }, out, denied)).toBe(1);
    expect(o.stderr).toMatch(
      /KMS could not give the public key of arn:aws:kms:.*not authorized to perform: kms:GetPublicKey/,
    );
    expect(o.stdout).toBe("");
  });
});

describe("exports public-key --local", () => {
  it("says how to start the platform on the port asked for, when no platform has started there", async () => {
    const { o, out } = output();
    const port = "51479";
    expect(await publicKeyCommand({ local: true, port }, out, () => Promise.reject(new Error("not asked")))).toBe(2);
    expect(o.stderr).toContain(
      `start the local platform first (npm start -- --port ${port}, or npx exports dev --port ${port})`,
    );
    expect(o.stdout).toBe("");
  });
});
