import { ROOT_OPTION, defineCommand } from "../commandDefinition";

type SealCommandLine = { from?: string; by?: string; endpointUrl?: string; root: string };

/** `exports seal <dataset> <batch>`: says the files under a batch's folder are a set (decision 0018). */
export const sealDefinition = defineCommand<SealCommandLine>({
  name: "seal",
  description:
    "Seal a batch: once every file under s3://<export bucket>/<dataset>/<batch>/ has arrived, a signed manifest is written beside them.",
  arguments: [
    { name: "<dataset>", description: "the push dataset's name" },
    { name: "<batch>", description: "the batch's folder under the dataset's, e.g. 2026-12-07 or monthly/2026-12" },
  ],
  options: {
    from: {
      flags: "--from <dir>",
      description:
        "the local folder the batch was uploaded from: the seal lists its files and sizes, and the batch waits for exactly those",
    },
    by: { flags: "--by <user>", description: "who seals the batch, as the manifest names them (your platform user)" },
    endpointUrl: {
      flags: "--endpoint-url <url>",
      description: "an S3 endpoint other than AWS's (the local platform's, as its printed commands give)",
    },
    root: ROOT_OPTION,
  },
  async run(options, { out }, [dataset = "", batch = ""]) {
    const { sealCommand } = await import("./command");
    return sealCommand(dataset, batch, options, out);
  },
});
