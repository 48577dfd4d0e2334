import { isScalar } from "yaml";
import { entry, stringValue, type DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { FEDERATED_NAME_MAX } from "../names";

/**
 * A pull dataset with Google or Azure principals gets an IAM role named `pull_<name>-federated`,
 * and IAM role names are at most 64 characters, so such a dataset's name is at most 49.
 */
export const federatedRoleNameLength: DatasetRule = {
  id: "federated-role-name",
  severity: "error",
  description: `A pull dataset with \`google_service_accounts\` or \`azure_workloads\` gets an IAM role \`pull_<name>-federated\`; IAM allows 64 characters, so its name is at most ${FEDERATED_NAME_MAX}.`,
  check(file) {
    if (file.kind !== "pull") return [];
    if (!entry(file, "google_service_accounts") && !entry(file, "azure_workloads")) return [];
    const name = stringValue(file, "name");
    if (name === undefined || name.length <= FEDERATED_NAME_MAX) return [];
    const node = entry(file, "name")?.value;
    const what = `the dataset's federated role pull_${name}-federated would pass IAM's limit of 64 characters`;
    const fix = `Shorten the name (and the file's) to at most ${FEDERATED_NAME_MAX} characters.`;
    return [
      file.source.issueAt(
        isScalar(node) ? node : null,
        this.id,
        "error",
        message(what, `${quote(name)}, ${name.length} characters`, fix),
      ),
    ];
  },
};
