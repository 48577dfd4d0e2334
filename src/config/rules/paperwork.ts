import { isScalar, isSeq, type ParsedNode } from "yaml";
import { valueNode, type DatasetFile, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

const isReference = (node: ParsedNode | null | undefined) =>
  isScalar(node) && typeof node.value === "string" && node.value.trim() !== "";

/** Each paperwork reference as written, whether the file gives one or a list: for the rules that read their text. */
export function paperworkEntries(file: DatasetFile): { node: ParsedNode; text: string }[] {
  const node = valueNode(file, "paperwork");
  const nodes = isSeq(node) ? node.items : node ? [node] : [];
  return nodes.flatMap((n) => (isScalar(n) && typeof n.value === "string" ? [{ node: n, text: n.value }] : []));
}

const FIX =
  "Write a link or reference (free text such as DPIA reference no. 5468) to the impact assessment, data sharing agreement or other document, or remove it.";

export const paperwork: DatasetRule = {
  id: "paperwork",
  severity: "error",
  description:
    "`paperwork`, when given, is a link or free-text reference (`DPIA reference no. 5468`), or a list of them: several documents per dataset is normal. No entry is empty.",
  check(file) {
    const node = valueNode(file, "paperwork");
    if (node === undefined || isReference(node)) return [];
    const report = (at: ParsedNode | null, what: string) =>
      file.source.issueAt(at, this.id, "error", message(what, describe(at), FIX));
    if (!isSeq(node)) return [report(node, "paperwork must be a link or reference, or a list of them")];
    if (node.items.length === 0) return [report(node, "paperwork is an empty list")];
    return node.items
      .filter((item) => !isReference(item))
      .map((item) => report(item, "each paperwork entry is a link or reference"));
  },
};
