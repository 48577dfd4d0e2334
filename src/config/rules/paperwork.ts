import { isScalar } from "yaml";
import { valueNode, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

export const paperwork: DatasetRule = {
  id: "paperwork",
  description: "paperwork, when given, is a non-empty link or reference to the DPIA or data sharing agreement.",
  check(file) {
    const node = valueNode(file, "paperwork");
    if (node === undefined || (isScalar(node) && typeof node.value === "string" && node.value.trim() !== "")) return [];
    const fix =
      "Write a link or reference to the data protection impact assessment or data sharing agreement, or remove the key.";
    return [
      file.source.issueAt(
        node,
        this.id,
        "error",
        message("paperwork must be a link or reference", describe(node), fix),
      ),
    ];
  },
};
