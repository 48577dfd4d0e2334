import { fileStem, stringValue, valueNode, type DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { isValidName } from "./nameFormat";

export const nameMatchesFile: DatasetRule = {
  id: "name-matches-file",
  severity: "warning",
  description:
    "`name` should equal the file name without `.yaml`. Where an older file differs (`cjs_dashboard.yaml` holding `name: cjs-dashboard`), the name wins: it decides the bucket and prefix, which must not move. `npx exports migrate` renames the file.",
  check(file) {
    const name = stringValue(file, "name");
    const stem = fileStem(file);
    // A malformed name is name-format's to report; only a valid name can win.
    if (name === undefined || name === stem || !isValidName(file.kind, name)) return [];
    // The name decides the bucket or prefix, so the file is what changes: never suggest a new name.
    const what = `the file name ${quote(stem)} differs from name; the name decides this dataset's bucket and prefix`;
    const fix = `Rename the file to ${name}.yaml, or run npx exports migrate, which does so.`;
    return [file.source.issueAt(valueNode(file, "name"), this.id, "warning", message(what, quote(name), fix))];
  },
};
