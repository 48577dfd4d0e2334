import { PLAN_FORMATS, type PlanFormat } from "../../report/planFormats";
import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";
import { HEAD_OPTION } from "../validate/definition";

type PlanCommandLine = {
  root: string;
  format: PlanFormat;
  base?: string;
  head?: string;
  maxLength?: number;
  fullPlanUrl?: string;
};

/** `exports plan`. */
export const planDefinition = defineCommand<PlanCommandLine>({
  name: "plan",
  description: "Say, per dataset, who may write and read what and where files go; with --base, only what changes.",
  options: {
    root: ROOT_OPTION,
    format: formatOption(PLAN_FORMATS, "text"),
    base: { flags: "--base <ref>", description: "git ref to compare against, e.g. origin/main" },
    head: HEAD_OPTION,
    maxLength: {
      flags: "--max-length <characters>",
      description: "markdown: past this length, write a summary that links to the full plan (GitHub's limit: 65536)",
      parse: Number,
    },
    fullPlanUrl: {
      flags: "--full-plan-url <url>",
      description: "markdown: where the full plan is published, for the summary to link to",
    },
  },
  async run(options, { out, clock }) {
    const { planCommand } = await import("./command");
    return planCommand({ ...options, now: clock() }, out);
  },
});
