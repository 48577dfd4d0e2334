import { valueNode, type DatasetFile, type PullDataset } from "../dataset";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/**
 * No two pull datasets get the same bucket (`new_project` and `new-project` both give
 * `mojap-new-project`); the later file (by path) is reported, on the line of its name.
 */
export function pullBucketUnique(pulls: readonly { dataset: PullDataset; file: DatasetFile }[]): Issue[] {
  const first = new Map<string, PullDataset>();
  return pulls.flatMap(({ dataset, file }) => {
    const earlier = first.get(dataset.bucket);
    if (!earlier) {
      first.set(dataset.bucket, dataset);
      return [];
    }
    const what = `this name gives the pull bucket ${quote(dataset.bucket)}, which ${earlier.file} (name: ${earlier.name}) gets too`;
    const fix = "Choose a name that differs by more than '_' and '-'.";
    return [
      file.source.issueAt(
        valueNode(file, "name"),
        "pull-bucket-unique",
        "error",
        message(what, quote(dataset.name), fix),
      ),
    ];
  });
}
