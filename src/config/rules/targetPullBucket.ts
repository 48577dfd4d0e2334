import { valueNode, type DatasetFile, type PullDataset, type PushDataset } from "../dataset";
import type { RetainedBucket } from "../earlierRemovals";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/**
 * No push dataset sends files to a pull bucket of this repository, nor to one that a removed pull
 * dataset left behind (removal keeps the bucket and its data): the mover is in the platform's
 * account, so its own policy would let push users plant files in another dataset's bucket.
 */
export function targetPullBucket(
  pushes: readonly { dataset: PushDataset; file: DatasetFile }[],
  pulls: readonly PullDataset[],
  retained: readonly RetainedBucket[] = [],
): Issue[] {
  const owner = new Map<string, string>();
  // Newest removal first: the message names the last one.
  for (const r of retained)
    if (!owner.has(r.bucket))
      owner.set(r.bucket, `the bucket that ${r.path} left behind when commit ${r.commit} removed it`);
  for (const p of pulls) owner.set(p.bucket, `the pull bucket of ${p.file} (name: ${p.name})`);
  return pushes.flatMap(({ dataset, file }) => {
    const whose = owner.get(dataset.bucket);
    if (!whose) return [];
    const key = valueNode(file, "bucket") !== undefined ? "bucket" : "target_bucket";
    const what = `${key} is ${whose}, which this platform owns; a push dataset may not send files to it`;
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
