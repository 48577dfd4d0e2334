import { DATASET_RULES } from "../../config/datasetRules";
import { EXPIRY_RULES } from "../../config/expiryRules";
import { DATASET_FOLDER_RULE, FILE_EXTENSION_RULE, FILE_SYMLINK_RULE } from "../../config/loadConfig";
import {
  DUPLICATE_KEY_RULE,
  FILE_READABLE_RULE,
  LIST_INDENTATION_RULE,
  SINGLE_MAPPING_RULE,
  YAML_ALIAS_RULE,
  YAML_MERGE_KEY_RULE,
  YAML_SYNTAX_RULE,
} from "../../config/parseMapping";
import type { RuleMeta } from "../../config/ruleMeta";
import { GOOGLE_ID_EMAIL_RULE } from "../../config/rules/googleIdEmail";
import { INVISIBLE_CHARACTER_RULE } from "../../config/rules/invisibleCharacter";
import { NAME_UNIQUE_RULE } from "../../config/rules/nameUnique";
import { PULL_BUCKET_UNIQUE_RULE } from "../../config/rules/pullBucketUnique";
import { TARGET_PULL_BUCKET_RULE } from "../../config/rules/targetPullBucket";
import { USER_CASE_UNIQUE_RULE } from "../../config/rules/userCaseUnique";
import { TAKES_OVER_RULE } from "../../config/takeOvers";
import { SCHEMA_RULE } from "../../config/validateDataset";
import { SETTINGS_VALUE_RULE, UNKNOWN_SETTING_RULE } from "../../config/validateSettings";
import { ENTRA_PROVIDER_AUDIENCES_RULE } from "../../plan/limits/entraProviderAudiences";
import { EXPORT_BUCKET_POLICY_SIZE_RULE } from "../../plan/limits/exportBucketPolicySize";
import { PULL_BUCKET_POLICY_SIZE_RULE } from "../../plan/limits/pullBucketPolicySize";
import { STACK_RESOURCES_RULE, TEMPLATE_SIZE_RULE } from "../../plan/limits/stackLimits";
import { FEDERATED_TRUST_SIZE_RULE, USER_POLICY_SIZE_RULE } from "../../plan/plan";

/**
 * When a check runs, which is also its table in docs/rules.md: reading and parsing a file, each
 * dataset file, the files together, the date, the settings file, and the deployment's limits
 * (checked on the plan).
 */
export const RULE_SCOPES = ["file", "dataset", "cross-file", "expiry", "settings", "plan"] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

/**
 * Every check `exports validate` runs, by scope, in the order docs/rules.md lists them (for the
 * dataset and expiry rules, the order they run in). A check that is not here is not documented,
 * and the docs test fails: a new check's meta goes into its scope's list.
 */
export const RULES: Readonly<Record<RuleScope, readonly RuleMeta[]>> = {
  file: [
    FILE_EXTENSION_RULE,
    DATASET_FOLDER_RULE,
    FILE_READABLE_RULE,
    FILE_SYMLINK_RULE,
    INVISIBLE_CHARACTER_RULE,
    YAML_SYNTAX_RULE,
    LIST_INDENTATION_RULE,
    DUPLICATE_KEY_RULE,
    YAML_ALIAS_RULE,
    YAML_MERGE_KEY_RULE,
    SINGLE_MAPPING_RULE,
  ],
  dataset: [...DATASET_RULES, SCHEMA_RULE],
  "cross-file": [
    NAME_UNIQUE_RULE,
    PULL_BUCKET_UNIQUE_RULE,
    USER_CASE_UNIQUE_RULE,
    GOOGLE_ID_EMAIL_RULE,
    TARGET_PULL_BUCKET_RULE,
    TAKES_OVER_RULE,
  ],
  expiry: EXPIRY_RULES,
  settings: [UNKNOWN_SETTING_RULE, SETTINGS_VALUE_RULE],
  plan: [
    USER_POLICY_SIZE_RULE,
    FEDERATED_TRUST_SIZE_RULE,
    ENTRA_PROVIDER_AUDIENCES_RULE,
    EXPORT_BUCKET_POLICY_SIZE_RULE,
    PULL_BUCKET_POLICY_SIZE_RULE,
    STACK_RESOURCES_RULE,
    TEMPLATE_SIZE_RULE,
  ],
};
