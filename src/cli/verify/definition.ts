import { defineCommand, formatOption } from "../commandDefinition";

type VerifyCommandLine = { publicKey?: string; format: "text" | "json"; endpointUrl?: string };

/** `exports verify s3://<bucket>/<batch prefix>/`: what a receiving team runs before it loads a batch. */
export const verifyDefinition = defineCommand<VerifyCommandLine>({
  name: "verify",
  description:
    "Verify a sealed batch in your bucket: the manifest's signature, and every file's size and SHA-256 (exit 0 verified, 1 not verified, 2 could not check).",
  arguments: [{ name: "<batch>", description: "the batch's folder: s3://<bucket>/<dataset>/<batch>/" }],
  options: {
    publicKey: {
      flags: "--public-key <file>",
      description:
        "the platform's public key (PEM), as published in docs/receiving-teams.md; without it, the key beside the manifest is used and its fingerprint printed to compare",
    },
    format: formatOption(["text", "json"], "text"),
    endpointUrl: {
      flags: "--endpoint-url <url>",
      description: "an S3 endpoint other than AWS's (the local platform's, as its printed commands give)",
    },
  },
  async run(options, { out }, [batch = ""]) {
    const { verifyCommand } = await import("./command");
    return verifyCommand(batch, options, out);
  },
});
