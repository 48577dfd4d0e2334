import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { IAMClient } from "@aws-sdk/client-iam";
import { compareText, type Issue } from "../../config/issue";
import { loadConfig } from "../../config/loadConfig";
import { SETTINGS_FILE } from "../../config/settings";
import { lookUpRoles, untrustworthy } from "../../doctor/roleLookups";
import { removeUsers, type UsersRemoval } from "../../migrate/removeUsers";
import { visible, visibleLines } from "../../report/escape";
import { hasNews, usersGoneMarkdown, usersGoneSummary, type UsersGoneSummary } from "./usersGone";
import type { Clock } from "../clock";
import { datasetRoot } from "../loadPlan";
import type { Output } from "../output";

export interface PruneUsersOptions {
  root: string;
  /** json: what the workflow reads, the pull request's body (Markdown) included. */
  format: "text" | "json";
  clock: Clock;
}

/** IAM with the caller's own credentials. IAM is global; the settings' region only picks the endpoint's partition. */
const awsIam = (region: string) => new IAMClient({ region });

/** Writes the new text under a temporary name, then moves it into place: a file is never half written. */
async function write(root: string, removal: UsersRemoval): Promise<void> {
  const target = join(root, removal.path);
  await writeFile(`${target}.exports-prune-users`, removal.text, { flag: "wx" });
  await rename(`${target}.exports-prune-users`, target);
}

function printText(s: UsersGoneSummary, out: Output): void {
  for (const g of s.gone)
    for (const e of g.removedFrom)
      out.stdout(
        `${visible(e.file)}:${e.line}:${e.column}: removed ${g.user}: IAM answered NoSuchEntity for ${g.roleArn} at ${g.at}\n`,
      );
  for (const l of s.leftAlone)
    out.stdout(
      `${visible(l.file)}:1:1: left as it is: every user (${l.users.join(", ")}) is gone; name the users who now own it, or remove the file\n`,
    );
  for (const i of s.refused)
    out.stderr(`${visible(i.file)}:${i.line}:${i.column}: error ${visibleLines(i.message)} [${i.rule}]\n`);
  for (const u of s.unchecked)
    out.stderr(`warning: ${u.user} kept: IAM gave no clear answer (${visible(u.error)}); the check was incomplete\n`);
  if (!hasNews(s)) out.stdout(`✔ account ${s.account}: every user's role exists\n`);
}

/**
 * `exports prune-users --aws`: asks IAM for every platform user's role and removes, from the
 * dataset files in place, the users whose role IAM says does not exist; nobody else, and nothing
 * else. 0 when it could judge (even with some users unchecked, which it reports), 1 when the
 * settings have errors, 2 when AWS cannot be asked or its answers cannot be trusted.
 */
export async function pruneUsersCommand(
  options: PruneUsersOptions,
  out: Output,
  iamFor: (region: string) => IAMClient = awsIam,
): Promise<number> {
  const root = await datasetRoot("prune-users", options.root, out);
  if (!root) return 2;
  const { value: config, errors } = await loadConfig(root);
  if (errors.some((e) => e.file === SETTINGS_FILE)) {
    out.stderr(`exports prune-users: ${SETTINGS_FILE} has errors; run npx exports validate.\n`);
    return 1;
  }
  const { accountId, region } = config.settings;
  const datasets = [...config.push, ...config.pull];
  const users = [...new Set(datasets.flatMap((d) => d.users))].sort(compareText);
  const lookups = await lookUpRoles(iamFor(region), users, options.clock);
  const failed = lookups.find((l) => l.outcome === "unknown");
  const distrust =
    failed && lookups.every((l) => l.outcome === "unknown")
      ? `AWS could not be asked (${failed.error}). Use credentials for account ${accountId} that may call iam:GetRole`
      : untrustworthy(lookups, accountId);
  if (distrust) {
    out.stderr(`exports prune-users: nothing was changed: ${visibleLines(distrust)}.\n`);
    return 2;
  }

  const gone = new Set(lookups.flatMap((l) => (l.outcome === "gone" ? [l.user] : [])));
  const removals: UsersRemoval[] = [];
  const refused: Issue[] = [];
  for (const d of datasets.filter((d) => d.users.some((u) => gone.has(u)))) {
    const result = removeUsers(d.file, await readFile(join(root, d.file), "utf8"), gone);
    if ("refusal" in result) refused.push(...result.refusal);
    else removals.push(result.removal);
  }
  removals.sort((a, b) => compareText(a.path, b.path));
  for (const r of removals.filter((r) => !r.allGone)) await write(root, r);

  const skipped = [...new Set(errors.map((e) => e.file))].sort(compareText);
  const summary = usersGoneSummary(accountId, lookups, removals, refused, skipped);
  if (options.format === "json")
    out.stdout(JSON.stringify({ ...summary, body: usersGoneMarkdown(summary) }, null, 2) + "\n");
  else printText(summary, out);
  return 0;
}
