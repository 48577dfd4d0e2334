import { fileStem, stringValue, valueNode, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

export const nameMatchesFile: DatasetRule = {
  id: "name-matches-file",
  description: "A dataset's name equals its file name without .yaml, so each name is unique per kind.",
  check(file) {
    const name = stringValue(file, "name");
    const stem = fileStem(file);
    if (name === undefined || name === stem || name === `${stem}.yaml`) return [];
    const fix = `Write name: ${stem}, or rename the file to ${name}.yaml.`;
    return [
      file.source.issueAt(
        valueNode(file, "name"),
        this.id,
        "error",
        message(`name must equal the file name ${quote(stem)}`, quote(name), fix),
      ),
    ];
  },
};
