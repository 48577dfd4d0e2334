import type { DatasetRule } from "../dataset";
import { entry } from "../dataset";
import { message } from "../message";

const EXAMPLE: Record<string, string> = {
  name: "name: <the file name without .yaml>",
  bucket: "bucket: <the target bucket's name>",
  users: "users:\n  - alpha_user_<name>",
  pull_arns: "pull_arns:\n  - arn:aws:iam::<account id>:role/<role name>",
};

const REQUIRED = { push: ["name", "bucket", "users"], pull: ["name", "pull_arns", "users"] } as const;

export const requiredKey: DatasetRule = {
  id: "required-key",
  description: "Push files give name, bucket and users; pull files give name, pull_arns and users.",
  check(file) {
    const present = file.map.items.map((p) => String((p.key as { value?: unknown } | null)?.value));
    return REQUIRED[file.kind]
      .filter((key) => !entry(file, key) && !(key === "bucket" && entry(file, "target_bucket")))
      .map((key) => {
        const found = present.length > 0 ? `only ${present.join(", ")}` : "no keys";
        const what = `a ${file.kind} dataset needs ${key}`;
        return file.source.issueAt(file.map, this.id, "error", message(what, found, `Add:\n${EXAMPLE[key]}`));
      });
  },
};
