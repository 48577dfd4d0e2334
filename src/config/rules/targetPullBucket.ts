import { valueNode, type DatasetFile, type PullDataset, type PushDataset } from "../dataset";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/**
 * No push dataset sends files to a pull bucket of this repository: the mover is in the platform's
 * account, so its own policy would let push users plant files in another dataset's bucket.
 */
export function targetPullBucket(
  pushes: readonly { dataset: PushDataset; file: DatasetFile }[],
  pulls: readonly PullDataset[],
): Issue[] {
  const pullOf = new Map(pulls.map((p) => [p.bucket, p]));
  return pushes.flatMap(({ dataset, file }) => {
    const pull = pullOf.get(dataset.bucket);
    if (!pull) return [];
    const key = valueNode(file, "bucket") !== undefined ? "bucket" : "target_bucket";
    const what = `${key} is the pull bucket of ${pull.file} (name: ${pull.name}), which this platform owns; a push dataset may not send files to it`;
    return [
      file.source.issueAt(
        valueNode(file, key),
        "target-pull-bucket",
        "error",
        message(
          what,
          quote(dataset.bucket),
          "Give the receiving team's own bucket; to share with that dataset's readers, ask to be added to its users.",
        ),
      ),
    ];
  });
}
