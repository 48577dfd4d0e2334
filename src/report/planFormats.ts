/**
 * The formats of `exports plan`, apart from the formatters so that the command line (`--help`)
 * can list them without loading the report, the config and the YAML parser.
 */
export const PLAN_FORMATS = ["text", "markdown", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
