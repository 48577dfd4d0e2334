import { ROOT_OPTION, defineCommand } from "../commandDefinition";

/** `exports check-deploy`. */
export const checkDeployDefinition = defineCommand<{ root: string }>({
  name: "check-deploy",
  description:
    "Before cdk deploy --import-existing-resources: stop if a bucket the deployment creates exists and is not the same dataset's, or a log group it keeps exists outside its stack.",
  options: { root: ROOT_OPTION },
  async run(options, { out }) {
    const { checkDeployCommand } = await import("./command");
    return checkDeployCommand(options.root, out);
  },
});
