import type { RuleMeta } from "../ruleMeta";
import type { FileFacts } from "../fileFacts";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/** The rule `google-id-email`: its id and its row of docs/rules.md. */
export const GOOGLE_ID_EMAIL_RULE: RuleMeta = {
  id: "google-id-email",
  severity: "warning (error within one file)",
  description:
    "A Google service account's unique id goes with one e-mail. Access goes to the id alone; the e-mail is what the file says, checked by nothing, and the plan shows it as \"given, not verified\". Two datasets giving one id two e-mails get a warning at the later e-mail (one of them misnames the account). One file listing one id twice is an error: its federated role's trust policy would hold two statements with one Sid, which IAM refuses.",
};

/**
 * One Google service account, one e-mail. Access goes to the unique id (the token's `sub`); the
 * e-mail beside it is what the file says, checked by nothing, and the plan shows it to reviewers.
 * The same id given two e-mails in two files means one of them misnames it: the later entry (by
 * file path, then line) is warned about, at its e-mail. Within one file an id listed twice is an
 * error whatever its e-mails: the federated role's trust policy would hold two statements with
 * one Sid (`Google<id>`), and IAM requires a Sid to be unique within a policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 */
export function googleIdEmail(files: readonly FileFacts[]): Issue[] {
  const first = new Map<string, { email: string; file: string }>();
  return files.flatMap((file) =>
    file.googleAccounts.flatMap(({ id, email, at, emailAt }) => {
      const earlier = first.get(id);
      if (!earlier) first.set(id, { email, file: file.source.path });
      if (earlier?.file === file.source.path) {
        const what = `this file lists the service account with unique id ${id} twice (first as ${quote(earlier.email)}), and its role's trust policy cannot hold two statements for one id`;
        const fix = "Keep one entry, with the e-mail of the account that has this id.";
        return [file.source.issueAtOffset(at, GOOGLE_ID_EMAIL_RULE.id, "error", message(what, quote(email), fix))];
      }
      if (!earlier || earlier.email === email) return [];
      const what = `${earlier.file} gives the service account with unique id ${id} the e-mail ${quote(earlier.email)}; access goes to the id, and nothing checks either e-mail, so one of them misnames it`;
      const fix = `Ask the receiving team which account has the id ${id} (gcloud iam service-accounts describe <e-mail> --format='value(uniqueId)'), and write its e-mail in both places.`;
      return [file.source.issueAtOffset(emailAt, GOOGLE_ID_EMAIL_RULE.id, "warning", message(what, quote(email), fix))];
    }),
  );
}
