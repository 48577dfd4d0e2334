import type { RoleLookup } from "../../doctor/roleLookups";
import type { Issue } from "../../config/issue";
import type { UserEntry, UsersRemoval } from "../../migrate/removeUsers";
import { roleArn } from "../../plan/arns";
import { markdownCell } from "../../report/escape";

/** One user whose role IAM says does not exist, with the evidence and where they were listed. */
export interface GoneUser {
  user: string;
  /** The role asked for: the platform user's role has the user's name, at path `/`. */
  role: string;
  roleArn: string;
  /** IAM's answer to GetRole, and when it came. */
  answer: "NoSuchEntity";
  at: string;
  requestId?: string;
  /** The entries removed from the dataset files. */
  removedFrom: ({ file: string } & Omit<UserEntry, "user">)[];
}

/** What `exports prune-users` did and did not do: the pull request's content, as data. */
export interface UsersGoneSummary {
  account: string;
  gone: GoneUser[];
  /** Files whose every user is gone, left as they are for a person to decide. */
  leftAlone: { file: string; users: string[] }[];
  /** Users IAM gave no clear answer about, kept whatever the reason: the check was incomplete. */
  unchecked: { user: string; at: string; error: string }[];
  /** Files that could not be edited safely, left as they are. */
  refused: Issue[];
  /** Dataset files with errors: not read, so their users were not checked. */
  skipped: string[];
}

export function usersGoneSummary(
  account: string,
  lookups: readonly RoleLookup[],
  removals: readonly UsersRemoval[],
  refused: readonly Issue[],
  skipped: readonly string[],
): UsersGoneSummary {
  const gone = lookups.flatMap((l): GoneUser[] =>
    l.outcome === "gone"
      ? [
          {
            user: l.user,
            role: l.user,
            roleArn: roleArn(account, "/", l.user),
            answer: "NoSuchEntity",
            at: l.at,
            ...(l.requestId ? { requestId: l.requestId } : {}),
            removedFrom: removals
              .filter((r) => !r.allGone)
              .flatMap((r) =>
                r.gone.filter((e) => e.user === l.user).map((e) => ({ file: r.path, line: e.line, column: e.column })),
              ),
          },
        ]
      : [],
  );
  return {
    account,
    gone,
    leftAlone: removals.filter((r) => r.allGone).map((r) => ({ file: r.path, users: r.gone.map((e) => e.user) })),
    unchecked: lookups.flatMap((l) => (l.outcome === "unknown" ? [{ user: l.user, at: l.at, error: l.error }] : [])),
    refused: [...refused],
    skipped: [...skipped],
  };
}

/** True when the summary holds something for people to act on or to know. */
export const hasNews = (s: UsersGoneSummary) =>
  s.gone.length + s.leftAlone.length + s.unchecked.length + s.refused.length > 0;

/** The first line of the pull request's body. */
export const USERS_GONE_MARKER = "<!-- data-exports users gone -->";

const cells = (items: readonly string[]) => items.map(markdownCell).join(", ");

function goneTable(gone: readonly GoneUser[]): string[] {
  return [
    "| user | role asked for | IAM's answer to GetRole | at (UTC) | removed from |",
    "|---|---|---|---|---|",
    ...gone.map(
      (g) =>
        `| ${markdownCell(g.user)} | ${markdownCell(g.roleArn)} | \`NoSuchEntity\`${g.requestId ? ` (request ${markdownCell(g.requestId)})` : ""} | ${g.at} | ${
          g.removedFrom.length > 0 ? cells(g.removedFrom.map((e) => `${e.file}:${e.line}`)) : "kept, see below"
        } |`,
    ),
  ];
}

/** The pull request's body: each removal with its evidence, and everything the run left alone. */
export function usersGoneMarkdown(s: UsersGoneSummary): string {
  const out = [
    USERS_GONE_MARKER,
    "### Data exports: users whose roles no longer exist",
    "",
    `Each platform user's IAM role (the user's own name) was asked for in account ${s.account} with \`iam:GetRole\`. A user is removed only when IAM answered \`NoSuchEntity\` for their role: the role does not exist, so the user has had no access through data-exports since it went. This pull request removes those users' entries from the dataset files and changes nothing else.`,
  ];
  if (s.gone.length > 0) out.push("", "#### Roles that no longer exist", "", ...goneTable(s.gone));
  else out.push("", "No user's role is gone: this pull request removes nobody.");
  if (s.leftAlone.length > 0)
    out.push(
      "",
      "#### Left for a person to decide: every user of these datasets is gone",
      "",
      "| file | users, every one gone |",
      "|---|---|",
      ...s.leftAlone.map((l) => `| ${markdownCell(l.file)} | ${cells(l.users)} |`),
      "",
      "A dataset needs at least one user, so these files are left as they are. Either name the users who now own it, or remove the file (a pull bucket and its data are kept; every grant goes), each in a pull request of its own.",
    );
  if (s.unchecked.length > 0)
    out.push(
      "",
      "#### The check was incomplete",
      "",
      "IAM gave no clear answer about these users' roles, so they were kept whatever the reason (access denied, throttling or a network failure prove nothing). The next run asks again.",
      "",
      "| user | at (UTC) | IAM's answer |",
      "|---|---|---|",
      ...s.unchecked.map((u) => `| ${markdownCell(u.user)} | ${u.at} | ${markdownCell(u.error)} |`),
    );
  if (s.refused.length > 0)
    out.push(
      "",
      "#### Files not edited",
      "",
      "| where | why |",
      "|---|---|",
      ...s.refused.map((i) => `| ${markdownCell(`${i.file}:${i.line}:${i.column}`)} | ${markdownCell(i.message)} |`),
    );
  if (s.skipped.length > 0)
    out.push(
      "",
      `Not read, as they have errors (\`npx exports validate\` shows them), so their users were not checked: ${cells(s.skipped)}.`,
    );
  return out.join("\n") + "\n";
}
