import { isScalar } from "yaml";
import { PULL_NAME, PUSH_NAME, PUSH_NAME_MAX } from "../names";
import { valueNode, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

export const nameFormat: DatasetRule = {
  id: "name-format",
  description: "A name is lower case letters, digits and underscores (hyphens too for pull datasets).",
  check(file) {
    const node = valueNode(file, "name");
    if (node === undefined) return [];
    const allowed =
      file.kind === "push"
        ? "lower case letters, digits and underscores"
        : "lower case letters, digits, underscores and hyphens";
    const report = (what: string, fix: string) => [
      file.source.issueAt(node, this.id, "error", message(what, describe(node), fix)),
    ];
    if (!isScalar(node) || typeof node.value !== "string") {
      return report("name must be text", `Write the dataset's name: ${allowed}, e.g. name: new_project.`);
    }
    const name = node.value;
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return report("name is the dataset's name, not the file's", `Write name: ${name.replace(/\.ya?ml$/, "")}.`);
    }
    const pattern = file.kind === "push" ? PUSH_NAME : PULL_NAME;
    if (!pattern.test(name)) {
      const suggestion = name
        .toLowerCase()
        .replace(file.kind === "push" ? /[^a-z0-9_]+/g : /[^a-z0-9_-]+/g, "_")
        .replace(/^[_-]+/, "");
      const fix = pattern.test(suggestion)
        ? `Write name: ${suggestion}.`
        : `Use only ${allowed}, starting with a letter or digit.`;
      return report(`name may hold only ${allowed}, starting with a letter or digit`, fix);
    }
    if (file.kind === "push" && name.length > PUSH_NAME_MAX) {
      return report(
        `a push dataset name is at most ${PUSH_NAME_MAX} characters, to fit its mover role's name export_<name>-move`,
        `Shorten it by ${name.length - PUSH_NAME_MAX}.`,
      );
    }
    return [];
  },
};
