import { ROOT_OPTION, defineCommand } from "../commandDefinition";

/** `exports synth`. */
export const synthDefinition = defineCommand<{ root: string; out: string }>({
  name: "synth",
  description: "Synthesize the CloudFormation templates offline, with cdk-nag's checks.",
  options: {
    root: ROOT_OPTION,
    out: { flags: "--out <dir>", description: "where to write the cloud assembly", default: "cdk.out" },
  },
  async run(options, { out, clock }) {
    // Loaded only when used: the AWS CDK roughly doubles the command's start-up time.
    const { synthCommand } = await import("./command");
    return synthCommand({ ...options, now: clock() }, out);
  },
});
