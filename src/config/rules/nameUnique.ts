import { stringValue, valueNode, type DatasetFile } from "../dataset";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/** No two files of one kind declare the same name; the later file (by path) is reported. */
export function nameUnique(files: readonly DatasetFile[]): Issue[] {
  const first = new Map<string, DatasetFile>();
  return files.flatMap((file) => {
    const name = stringValue(file, "name");
    if (name === undefined) return [];
    const key = `${file.kind}:${name}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, file);
      return [];
    }
    const what = `${earlier.source.path} already declares this ${file.kind} dataset name`;
    return [
      file.source.issueAt(
        valueNode(file, "name"),
        "name-unique",
        "error",
        message(what, quote(name), "Give each dataset its own name."),
      ),
    ];
  });
}
