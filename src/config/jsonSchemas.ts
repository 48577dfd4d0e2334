import * as z from "zod";
import { fileSchemas, settingsFileSchema } from "./schema";
import type { Settings } from "./settings";

/** Where each published schema lives, relative to the repository root. */
export const SCHEMA_FILES = {
  push: "schemas/push-dataset.schema.json",
  pull: "schemas/pull-dataset.schema.json",
  settings: "schemas/settings.schema.json",
} as const;

const toJson = (schema: z.ZodType, id: string) => ({
  ...z.toJSONSchema(schema, { target: "draft-07", io: "input" }),
  $id: id,
});

/**
 * The JSON Schema of each file kind, generated from the schema the validator uses, for editors
 * to check files while people type. The push schema also says "bucket or target_bucket", which
 * the validator checks as a rule and zod cannot express as JSON Schema; the pull schema likewise
 * "pull_arns, google_service_accounts or azure_workloads".
 */
export function jsonSchemas(settings: Settings): Record<keyof typeof SCHEMA_FILES, object> {
  const { push, pull } = fileSchemas(settings);
  return {
    push: { ...toJson(push, SCHEMA_FILES.push), oneOf: [{ required: ["bucket"] }, { required: ["target_bucket"] }] },
    pull: {
      ...toJson(pull, SCHEMA_FILES.pull),
      anyOf: [
        { required: ["pull_arns"] },
        { required: ["google_service_accounts"] },
        { required: ["azure_workloads"] },
      ],
    },
    settings: toJson(settingsFileSchema, SCHEMA_FILES.settings),
  };
}
