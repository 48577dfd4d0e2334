import { defineCommand } from "../commandDefinition";

type PublicKeyCommandLine = { local?: boolean; port: string; keyId?: string };

/** `exports public-key`: the key receiving teams verify sealed batches' manifests with. */
export const publicKeyDefinition = defineCommand<PublicKeyCommandLine>({
  name: "public-key",
  description: "Print the public key (PEM) that sealed batches' manifests are signed with.",
  options: {
    keyId: {
      flags: "--key-id <arn>",
      description:
        "on AWS: the signing key's ARN, the core stack's output ManifestSigningKeyArn (needs kms:GetPublicKey)",
    },
    local: { flags: "--local", description: "the local platform's key (npm start), made when it started" },
    port: {
      flags: "--port <port>",
      description: "with --local: the port the local platform was started with",
      default: "7480",
    },
  },
  async run(options, { out }) {
    const { publicKeyCommand } = await import("./command");
    return publicKeyCommand({ ...options, local: options.local ?? false }, out);
  },
});
