import type { RuleMeta } from "./ruleMeta";
import { DATASET_RULES } from "./datasetRules";
import type { ParsedNode } from "yaml";
import type { z } from "zod";
import {
  valueNode,
  type Dataset,
  type DatasetFile,
  type DatasetKind,
  type DatasetSource,
  type Position,
} from "./dataset";
import { factsOf, type FileFacts } from "./fileFacts";
import { partition, type Issue, type Validated } from "./issue";
import { message } from "./message";
import { parseMapping } from "./parseMapping";
import { isIgnoredKey } from "./rules/ignoredKey";
import { fileSchemas } from "./schema";
import type { Settings } from "./settings";
import { SourceFile } from "./sourceFile";
import { toPullDataset, toPushDataset } from "./toDataset";

/** The rule `schema`: its id and its row of docs/rules.md. */
export const SCHEMA_RULE: RuleMeta = {
  id: "schema",
  severity: "error",
  description:
    "A safety net: a file the rules pass must also match the published JSON Schema. Property tests check that this never fires.",
};

const EXPECTED = {
  push: "a mapping with name, bucket and users",
  pull: "a mapping with name, pull_arns and users",
};

/**
 * A dataset file's checked content: the dataset when it has no errors, and what the cross-file
 * rules read of the file when it parsed to a mapping (its facts, not its parsed YAML, which is
 * freed as soon as the file is validated: a thousand parsed files kept alive slow every later one).
 */
export interface DatasetResult extends Validated<Dataset | undefined> {
  facts: FileFacts | undefined;
}

/**
 * Validates one dataset file's text. Pure and total: any text gives a result, never an exception,
 * and every issue is located in the file.
 */
export function validateDataset(kind: DatasetKind, path: string, text: string, settings: Settings): DatasetResult {
  const source = new SourceFile(path, text);
  const { map, issues } = parseMapping(source, EXPECTED[kind]);
  if (!map) return { value: undefined, facts: undefined, ...partition(issues) };

  const file: DatasetFile = { kind, source, map };
  // Parsing's own warnings (a leading byte order mark) come first. A loop, not flatMap: most rules
  // find nothing, and for 1,000 files flatMap's arrays were a tenth of the rules' time (issue 25).
  const found: Issue[] = [...issues];
  const context = { settings };
  for (const rule of DATASET_RULES) {
    const issued = rule.check(file, context);
    if (issued.length > 0) found.push(...issued);
  }
  const { errors, warnings } = partition(found);
  const facts = factsOf(file);
  if (errors.length > 0) return { value: undefined, facts, errors, warnings };

  // The schema is the last word: a shape the rules missed still cannot become a dataset.
  // Keys the old system ignored were warned about; they mean nothing here, so the schema does not see them.
  // toJSON gives a new object: it is copied without the ignored keys only when it has some.
  const json = map.toJSON() as Record<string, unknown>;
  const ignored = (key: string) => isIgnoredKey(kind, key);
  const raw = Object.keys(json).some(ignored)
    ? Object.fromEntries(Object.entries(json).filter(([key]) => !ignored(key)))
    : json;
  const parsed = toDataset(kind, raw, settings, path, sourceOf(file, facts));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    const issue = source.issueAt(
      map,
      SCHEMA_RULE.id,
      "error",
      message("the file does not match the dataset schema", detail, "Compare it with the examples in the guide."),
    );
    return { value: undefined, facts, errors: [issue], warnings };
  }
  return { value: parsed.data, facts, errors, warnings };
}

/**
 * How a file is parsed: without zod's fast path, which zod compiles with `new Function` for each
 * object schema on its first parse. V8's code cache (decision 0020) cannot keep code made that
 * way, so `exports validate` compiled it at every start; run without it, the repository's own
 * files validate sooner, and 1,000 files no slower (docs/benchmarks.md).
 */
const PARSE = { jitless: true } as const;

/** The dataset a file describes, once the schema has passed it. */
function toDataset(
  kind: DatasetKind,
  raw: Record<string, unknown>,
  settings: Settings,
  path: string,
  source: DatasetSource,
): { success: true; data: Dataset } | { success: false; error: z.ZodError } {
  const schemas = fileSchemas(settings);
  if (kind === "push") {
    const parsed = schemas.push.safeParse(raw, PARSE);
    return parsed.success ? { success: true, data: toPushDataset(parsed.data, settings, path, source) } : parsed;
  }
  const parsed = schemas.pull.safeParse(raw, PARSE);
  return parsed.success ? { success: true, data: toPullDataset(parsed.data, settings, path, source) } : parsed;
}

/**
 * Where a valid dataset's parts are written. Its users come from the facts already taken: the
 * rules have passed, so every user is text and the facts list them all.
 */
function sourceOf(file: DatasetFile, facts: FileFacts): DatasetSource {
  const at = (node: ParsedNode | null | undefined) => file.source.position(node?.range?.[0] ?? 0);
  const users: Record<string, Position> = {};
  for (const user of facts.users) users[user.name] ??= file.source.position(user.at);
  const expires = valueNode(file, "expires");
  const takesOver = valueNode(file, "takes_over");
  return {
    name: file.source.position(facts.nameAt),
    users,
    ...(expires ? { expires: at(expires) } : {}),
    ...(takesOver ? { takesOver: at(takesOver) } : {}),
  };
}
