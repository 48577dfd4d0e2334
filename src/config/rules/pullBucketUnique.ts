import type { RuleMeta } from "../ruleMeta";
import type { PullDataset } from "../dataset";
import type { FileFacts } from "../fileFacts";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/** The rule `pull-bucket-unique`: its id and its row of docs/rules.md. */
export const PULL_BUCKET_UNIQUE_RULE: RuleMeta = {
  id: "pull-bucket-unique",
  severity: "error",
  description:
    "No two pull datasets get the same bucket (`new_project` and `new-project` both give `mojap-new-project`).",
};

/**
 * No two pull datasets get the same bucket (`new_project` and `new-project` both give
 * `mojap-new-project`); the later file (by path) is reported, on the line of its name.
 */
export function pullBucketUnique(pulls: readonly { dataset: PullDataset; file: FileFacts }[]): Issue[] {
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
      file.source.issueAtOffset(
        file.nameAt,
        PULL_BUCKET_UNIQUE_RULE.id,
        "error",
        message(what, quote(dataset.name), fix),
      ),
    ];
  });
}
