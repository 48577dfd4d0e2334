import { isScalar } from "yaml";
import { PULL_NAME, PUSH_NAME, PUSH_NAME_MAX } from "../names";
import { valueNode, type DatasetFile, type DatasetKind, type DatasetRule } from "../dataset";
import type { Issue } from "../issue";
import { firstLookAlike, withoutLookAlikes } from "../lookAlikes";
import { asYaml, describe, message, readAsNonText } from "../message";

const ALLOWED: Record<DatasetKind, string> = {
  push: "lower case letters, digits and underscores",
  pull: "lower case letters, digits, underscores and hyphens",
};

/** True when `name` is a well-formed dataset name of this kind. */
export function isValidName(kind: DatasetKind, name: string): boolean {
  return kind === "push" ? PUSH_NAME.test(name) && name.length <= PUSH_NAME_MAX : PULL_NAME.test(name);
}

/** A valid name close to `text`, to offer as the fix; undefined when none is close enough to guess. */
function suggestName(kind: DatasetKind, text: string): string | undefined {
  const candidate = text
    .replace(/\.ya?ml$/, "")
    .toLowerCase()
    .replace(kind === "push" ? /[^a-z0-9_]+/g : /[^a-z0-9_-]+/g, "_")
    .replace(/^[_-]+|[_-]+$/g, "");
  return isValidName(kind, candidate) ? candidate : undefined;
}

/** The keys that hold a dataset's name: its own, and the removed dataset it takes over. */
const NAME_KEYS = ["name", "takes_over"] as const;

export const nameFormat: DatasetRule = {
  id: "name-format",
  severity: "error",
  description:
    "`name` (and `takes_over`, which names a removed dataset) is lower case letters, digits and underscores (pull names may also use hyphens, as the old system's did) and starts with a letter or digit. A push name is at most 52 characters, so its mover role `export_<name>-move` fits IAM's 64-character limit. `name: something.yaml` is caught here; `name: 12345` is told to quote it. A suggested name is always itself valid.",
  check(file) {
    return NAME_KEYS.flatMap((key) => nameIssues(file, key));
  },
};

function nameIssues(file: DatasetFile, key: (typeof NAME_KEYS)[number]): Issue[] {
  const node = valueNode(file, key);
  if (node === undefined) return [];
  // The common case, answered before any message is made: a valid name holds only ASCII.
  if (isScalar(node) && typeof node.value === "string" && isValidName(file.kind, node.value)) return [];
  const allowed = ALLOWED[file.kind];
  const report = (what: string, fix: string) => [
    file.source.issueAt(node, nameFormat.id, "error", message(what, describe(node), fix)),
  ];
  const unquoted = readAsNonText(node);
  if (unquoted && isValidName(file.kind, unquoted.written)) {
    return report(
      `${key} must be text, and YAML reads an unquoted ${unquoted.written} as ${unquoted.as}: put it in quotes`,
      `Write ${key}: "${unquoted.written}".`,
    );
  }
  if (!isScalar(node) || typeof node.value !== "string") {
    return report(`${key} must be text`, `Give the dataset's name as text: ${allowed}, e.g. ${key}: new_project.`);
  }
  const name = node.value;
  const disguised = firstLookAlike(name);
  const restored = withoutLookAlikes(name);
  if (disguised && isValidName(file.kind, restored))
    return report(`${key} holds a letter of another alphabet: ${disguised}`, `Write ${key}: ${asYaml(restored)}.`);
  // Made only for a finding: asYaml parses the suggestion, as costly as the file's own parse.
  const fix = () => {
    const suggestion = suggestName(file.kind, name);
    return suggestion
      ? `Write ${key}: ${asYaml(suggestion)}.`
      : `Use only ${allowed}, starting with a letter or digit.`;
  };
  if (name.endsWith(".yaml") || name.endsWith(".yml")) {
    return report(`${key} is a dataset's name, not a file's`, fix());
  }
  const pattern = file.kind === "push" ? PUSH_NAME : PULL_NAME;
  if (!pattern.test(name)) {
    return report(`${key} may hold only ${allowed}, starting with a letter or digit`, fix());
  }
  if (file.kind === "push" && name.length > PUSH_NAME_MAX) {
    return report(
      `a push dataset name is at most ${PUSH_NAME_MAX} characters, to fit its mover role's name export_<name>-move`,
      `Shorten it by ${name.length - PUSH_NAME_MAX}.`,
    );
  }
  return [];
}
