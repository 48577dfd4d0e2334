import type { RuleMeta } from "../ruleMeta";
import type { PullDataset, PushDataset } from "../dataset";
import type { RetainedBucket } from "../earlierRemovals";
import type { FileFacts } from "../fileFacts";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/** The rule `target-pull-bucket`: its id and its row of docs/rules.md. */
export const TARGET_PULL_BUCKET_RULE: RuleMeta = {
  id: "target-pull-bucket",
  severity: "error",
  description:
    "No push dataset's `bucket` is the pull bucket of a pull dataset of this repository, or the bucket a removed pull dataset left behind (removal keeps the bucket and its data; `validate` finds them in the repository's git history, by the `name` the removed file gave, and reads that history only when a push dataset's `bucket` starts with the pull-bucket prefix, as every pull bucket's name does): push users could otherwise plant files in another dataset's bucket.",
};

/**
 * No push dataset sends files to a pull bucket of this repository, nor to one that a removed pull
 * dataset left behind (removal keeps the bucket and its data): the mover is in the platform's
 * account, so its own policy would let push users plant files in another dataset's bucket.
 */
export function targetPullBucket(
  pushes: readonly { dataset: PushDataset; file: FileFacts }[],
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
    const what = `${file.bucketKey} is ${whose}, which this platform owns; a push dataset may not send files to it`;
    return [
      file.source.issueAtOffset(
        file.bucketAt,
        TARGET_PULL_BUCKET_RULE.id,
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
