import { isMap, isScalar, type ParsedNode, type YAMLMap } from "yaml";
import { listItems, type DatasetFile } from "../dataset";
import type { Issue } from "../issue";
import { describe, message } from "../message";

type Fields = Record<string, { node: ParsedNode | null; value: string | undefined }>;

/**
 * Checks each entry of a list of mappings (`google_service_accounts`, `azure_workloads`): an entry
 * that is not a mapping, lacks a field or has an unknown one is reported here, located, so that
 * `check` sees only entries with every field present.
 */
export function checkMappingEntries(
  file: DatasetFile,
  rule: string,
  key: string,
  fields: Record<string, string>,
  check: (fields: Fields, entry: YAMLMap.Parsed) => Issue[],
): Issue[] {
  // Made only for an entry that is not a mapping: most files have no such list at all.
  const example = () =>
    Object.entries(fields)
      .map(([name, placeholder], i) => `${i === 0 ? "- " : "  "}${name}: ${placeholder}`)
      .join("\n");
  return listItems(file, key).flatMap((node): Issue[] => {
    if (!isMap(node)) {
      const what = `each entry of ${key} is a mapping with ${Object.keys(fields).join(", ")}`;
      return [file.source.issueAt(node, rule, "error", message(what, describe(node), `Write:\n${example()}`))];
    }
    const found: Fields = {};
    const issues: Issue[] = [];
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!(name in fields)) {
        const what = `an entry of ${key} holds only ${Object.keys(fields).join(", ")}`;
        issues.push(
          file.source.issueAt(pair.key, rule, "error", message(what, describe(pair.key), "Remove this key.")),
        );
        continue;
      }
      const value = pair.value;
      found[name] = {
        node: value,
        value: isScalar(value) && typeof value.value === "string" ? value.value : undefined,
      };
    }
    for (const name of Object.keys(fields).filter((n) => !(n in found))) {
      const what = `an entry of ${key} needs ${name}`;
      issues.push(
        file.source.issueAt(node, rule, "error", message(what, "no " + name, `Add:\n${name}: ${fields[name]}`)),
      );
    }
    return issues.length > 0 ? issues : check(found, node);
  });
}
