import type { DatasetRule } from "../dataset";
import { entry } from "../dataset";
import { message } from "../message";

// One line each, so that a message holding one stays one line.
const EXAMPLE: Record<string, string> = {
  name: "name: <the file name without .yaml>",
  bucket: "bucket: <the target bucket's name>",
  users: 'users:, then one line per user below it, e.g. "  - alpha_user_<name>"',
  pull_arns: 'pull_arns:, then one line per role below it, e.g. "  - arn:aws:iam::<account id>:role/<role name>"',
};

const REQUIRED = { push: ["name", "bucket", "users"], pull: ["name", "pull_arns", "users"] } as const;

/** Who reads a pull bucket: roles in other accounts, or Google and Azure principals; any one will do. */
const PULL_PRINCIPAL_KEYS = ["pull_arns", "google_service_accounts", "azure_workloads"];

export const requiredKey: DatasetRule = {
  id: "required-key",
  severity: "error",
  description:
    "Push files have `name`, `bucket` and `users`; pull files have `name`, `users` and someone to read them: `pull_arns`, `google_service_accounts` or `azure_workloads` (any one, or several).",
  check(file) {
    const missing = REQUIRED[file.kind]
      .filter((key) => !entry(file, key) && !(key === "bucket" && entry(file, "target_bucket")))
      .filter((key) => key !== "pull_arns" || !PULL_PRINCIPAL_KEYS.some((k) => entry(file, k)));
    // The keys the file has are listed only in a message, so only a file with a key missing lists them.
    if (missing.length === 0) return [];
    const present = file.map.items.map((p) => {
      const key = (p.key as { value?: unknown } | null)?.value;
      return typeof key === "symbol" ? (key.description ?? "") : String(key);
    });
    return missing.map((key) => {
      const found = present.length > 0 ? `only ${present.join(", ")}` : "no keys";
      const what =
        key === "pull_arns"
          ? "a pull dataset needs pull_arns (or google_service_accounts or azure_workloads): someone must read it"
          : `a ${file.kind} dataset needs ${key}`;
      return file.source.issueAt(file.map, this.id, "error", message(what, found, `Add ${EXAMPLE[key]}.`));
    });
  },
};
