import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exampleRepository, git } from "../exampleRepository";

export const OLD_PULL = "pull_datasets/legal_aid_costs.yaml";
export const OLD_PUSH = "push_datasets/court_listings_weekly.yaml";
/** The tag of main before the removal: as a base, the change itself removes both datasets. */
export const BEFORE = "before-removal";

/** A pull dataset file: `name`, its readers and an optional `takes_over`. */
export const pullFile = (name: string, reader: string, takesOver?: string) =>
  `name: ${name}\npull_arns:\n  - ${reader}\nusers:\n  - alpha_user_ana\n${takesOver ? `takes_over: ${takesOver}\n` : ""}`;

/** A push dataset file: `name`, its target and an optional `takes_over`. */
export const pushFile = (name: string, bucket: string, takesOver?: string) =>
  `name: ${name}\nbucket: ${bucket}\nusers:\n  - alpha_user_ana\n${takesOver ? `takes_over: ${takesOver}\n` : ""}`;

/**
 * This repository's datasets on main, then a commit on main that removes legal_aid_costs (pull,
 * its bucket mojap-legal-aid-costs kept with its data) and court_listings_weekly (push, files left
 * waiting under its prefix, bound for listings-partner-inbound). `removal` is that commit's short id;
 * the tag BEFORE is the base before it.
 */
export async function takeOverRepository(prefix: string): Promise<{ repo: string; removal: string }> {
  const repo = await exampleRepository(prefix, "datasets");
  await git(repo, "tag", BEFORE);
  await git(repo, "rm", "-q", OLD_PULL, OLD_PUSH);
  await git(repo, "commit", "-qm", "remove two datasets");
  const removal = (await git(repo, "rev-parse", "--short", "HEAD")).stdout.trim();
  return { repo, removal };
}

/** The change under review: the files to write in the working tree, over main. */
export async function change(repo: string, files: Record<string, string>): Promise<void> {
  await git(repo, "checkout", "-q", "--", ".");
  await git(repo, "clean", "-qfd", "--", "push_datasets", "pull_datasets");
  for (const [path, text] of Object.entries(files)) await writeFile(join(repo, path), text);
}

export const removeRepository = (repo: string) => rm(repo, { recursive: true, force: true });
