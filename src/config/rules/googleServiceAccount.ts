import type { DatasetRule } from "../dataset";
import type { Issue } from "../issue";
import { describe, message } from "../message";
import { GOOGLE_SERVICE_ACCOUNT_EMAIL, GOOGLE_UNIQUE_ID } from "../names";
import { checkMappingEntries } from "./mappingEntries";

const FIELDS = { id: '"<21-digit unique id>"', email: "<name>@<project>.iam.gserviceaccount.com" };
const FIND_ID =
  "Copy the unique id from the service account's details page in the Google Cloud console, or run: gcloud iam service-accounts describe <e-mail> --format='value(uniqueId)'";

/**
 * A Google service account is named by its 21-digit unique id (what its tokens carry in `sub`),
 * quoted so YAML keeps every digit, with the service account's e-mail for people to read.
 */
export const googleServiceAccount: DatasetRule = {
  id: "google-service-account",
  severity: "error",
  description:
    "Each `google_service_accounts` entry is a mapping with `id`, the service account's 21-digit unique id in quotes (unquoted, YAML reads it as a number and loses digits), and `email`, a service account's e-mail (`<name>@<project>.iam.gserviceaccount.com`, or a project's default Compute Engine or App Engine account). An e-mail written as the id, an id written as the e-mail and a person's Google account are each refused with their own explanation.",
  check(file) {
    if (file.kind !== "pull") return [];
    return checkMappingEntries(file, this.id, "google_service_accounts", FIELDS, ({ id, email }) => {
      const issues: Issue[] = [];
      const idText = id?.value;
      if (idText === undefined || !GOOGLE_UNIQUE_ID.test(idText)) {
        const raw = (id?.node as { source?: string } | null)?.source;
        const what =
          idText === undefined && raw !== undefined && /^\d+$/.test(raw)
            ? "id must be quoted: YAML reads a 21-digit number as a float and loses digits"
            : idText !== undefined && idText.includes("@")
              ? "id is the service account's unique id, not its e-mail"
              : "id is the service account's unique id: 21 digits";
        const fix = raw !== undefined && /^\d{21}$/.test(raw) ? `Write id: "${raw}".` : FIND_ID;
        issues.push(file.source.issueAt(id?.node, this.id, "error", message(what, describe(id?.node), fix)));
      }
      const emailText = email?.value;
      if (emailText === undefined || !GOOGLE_SERVICE_ACCOUNT_EMAIL.test(emailText)) {
        const what =
          emailText !== undefined && /^\d+$/.test(emailText)
            ? "email is the service account's e-mail, not its id"
            : emailText !== undefined && emailText.includes("@") && !emailText.endsWith("gserviceaccount.com")
              ? "email must be a service account's e-mail; a person's Google account cannot be a pull principal"
              : "email is a service account's e-mail";
        const fix =
          emailText !== undefined &&
          emailText !== emailText.toLowerCase() &&
          GOOGLE_SERVICE_ACCOUNT_EMAIL.test(emailText.toLowerCase())
            ? `Write ${emailText.toLowerCase()}.`
            : "Write it as <name>@<project>.iam.gserviceaccount.com, copied from the Google Cloud console.";
        issues.push(file.source.issueAt(email?.node, this.id, "error", message(what, describe(email?.node), fix)));
      }
      return issues;
    });
  },
};
