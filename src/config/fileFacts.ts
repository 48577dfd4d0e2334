import { isMap, isScalar, type Node } from "yaml";
import { listItems, stringValue, valueNode, type DatasetFile, type DatasetKind } from "./dataset";
import type { SourceFile } from "./sourceFile";

/** Where a node starts in its file (0 when it is absent), as SourceFile.issueAt reads it. */
const offsetOf = (node: Node | null | undefined): number => node?.range?.[0] ?? 0;

const text = (node: unknown) => (isScalar(node) && typeof node.value === "string" ? node.value : undefined);

/** A Google service account entry that gives both an id and an e-mail as text. */
export interface GoogleAccountFact {
  id: string;
  email: string;
  /** Offsets of the entry and of its e-mail's value. */
  at: number;
  emailAt: number;
}

/**
 * What the cross-file rules read of one dataset file, taken as soon as the file is validated: a
 * few strings and offsets instead of its parsed YAML, which can then be freed at once. Kept for
 * every file that parsed to a mapping, with or without errors.
 */
export interface FileFacts {
  kind: DatasetKind;
  source: SourceFile;
  /** The declared name, when it is text. */
  name: string | undefined;
  nameAt: number;
  /** The spelling of the target bucket's key the file uses, and where its value starts. */
  bucketKey: "bucket" | "target_bucket";
  bucketAt: number;
  /** The users written as text, in file order. */
  users: { name: string; at: number }[];
  googleAccounts: GoogleAccountFact[];
  /** A pull file naming Google or Azure readers, whose federated role `pull_<name>-federated` bounds its name. */
  federated: boolean;
}

/** The users written as text, in file order (a loop: every file has a list of users). */
function usersOf(file: DatasetFile): FileFacts["users"] {
  const users: FileFacts["users"] = [];
  for (const node of listItems(file, "users")) {
    const name = text(node);
    if (name !== undefined) users.push({ name, at: offsetOf(node) });
  }
  return users;
}

/** The facts of a parsed dataset file that rules spanning files need (see FileFacts). */
export function factsOf(file: DatasetFile): FileFacts {
  const bucketKey = valueNode(file, "bucket") !== undefined ? "bucket" : "target_bucket";
  return {
    kind: file.kind,
    source: file.source,
    name: stringValue(file, "name"),
    nameAt: offsetOf(valueNode(file, "name")),
    bucketKey,
    bucketAt: offsetOf(valueNode(file, bucketKey)),
    users: usersOf(file),
    googleAccounts: listItems(file, "google_service_accounts").flatMap((entry) => {
      if (!isMap(entry)) return [];
      const emailNode = entry.get("email", true) as Node | undefined;
      const id = text(entry.get("id", true));
      const email = text(emailNode);
      return id === undefined || email === undefined
        ? []
        : [{ id, email, at: offsetOf(entry), emailAt: offsetOf(emailNode) }];
    }),
    federated: ["google_service_accounts", "azure_workloads"].some((key) => listItems(file, key).length > 0),
  };
}
