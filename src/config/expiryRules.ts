import type { Config } from "./config";
import type { Dataset } from "./dataset";
import { compareIssues, type Issue } from "./issue";
import { expiresMissing } from "./rules/expiresMissing";
import { expiresPassed } from "./rules/expiresPassed";
import { expiresRequired } from "./rules/expiresRequired";
import { expiresSoon } from "./rules/expiresSoon";
import { expiresWithin } from "./rules/expiresWithin";
import type { RuleMeta } from "./ruleMeta";
import type { Settings } from "./settings";

/** What an expiry rule judges a dataset against: the settings, the moment, and whether the file is new. */
export interface ExpiryContext {
  settings: Settings;
  /** The clock's reading, injected: never read here. */
  now: Date;
  /** True when the dataset's file is not in the base the change is compared with. */
  isNew: boolean;
}

/**
 * A named check of a valid dataset that depends on the date: the same file can pass today and
 * fail next month, so these run after loading, with a clock, instead of among the file rules.
 */
export interface ExpiryRule extends RuleMeta {
  check(dataset: Dataset, context: ExpiryContext): Issue[];
}

/** Every expiry rule, in the order their findings read best. */
export const EXPIRY_RULES: readonly ExpiryRule[] = [
  expiresRequired,
  expiresMissing,
  expiresWithin,
  expiresSoon,
  expiresPassed,
];

/**
 * The expiry rules' findings on every valid dataset at `now`. With `baseFiles` (the dataset files
 * of the base a change is compared with), a file not among them is new; without, none is.
 */
export function expiryIssues(config: Config, now: Date, baseFiles?: ReadonlySet<string>): Issue[] {
  return [...config.push, ...config.pull]
    .flatMap((dataset) => {
      const context = { settings: config.settings, now, isNew: baseFiles ? !baseFiles.has(dataset.file) : false };
      return EXPIRY_RULES.flatMap((rule) => rule.check(dataset, context));
    })
    .sort(compareIssues);
}
