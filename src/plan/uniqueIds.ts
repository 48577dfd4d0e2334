/**
 * Identifiers that CloudFormation logical ids and policy Sids allow (letters and digits only),
 * derived from dataset names so that they never collide and rarely change.
 */

/** A name with everything but letters and digits dropped: how CDK names a top-level resource. */
export const alphanumeric = (name: string) => name.replace(/[^A-Za-z0-9]/g, "");

/** A name with its separators spelled out in upper case, which dataset names never hold: `yj_refs` → `yjUrefs`. */
const spelled = (name: string) => name.replaceAll("_", "U").replaceAll("-", "H");

/**
 * A distinct id for each of `names` (dataset names: lower case, digits, `_` and `-`). A name keeps
 * its alphanumeric form, the id it has always had, unless another name in the same group drops to
 * the same form (`yj_refs` and `yjrefs`). Then a name without separators still keeps it, and each
 * name with separators spells them out. Spelled ids hold an upper-case letter and plain ids none,
 * and spelling is one-to-one, so no two ids can be equal.
 */
export function uniqueIds(names: readonly string[]): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const name of new Set(names)) {
    const key = alphanumeric(name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  const ids = new Map<string, string>();
  for (const [key, group] of groups) {
    for (const name of group) ids.set(name, group.length === 1 || name === key ? key : spelled(name));
  }
  return ids;
}

/**
 * The Sid of a push dataset's statement in a receiving team's policy (bucket or KMS key):
 * `DataExports` and the name with its separators spelled out (`court_list` → `DataExportscourtUlist`).
 * It depends on the name alone, never on which other datasets share the bucket or key, so a
 * statement a receiving team saved keeps its Sid when another dataset starts delivering there;
 * spelling is one-to-one, so no two datasets' Sids are equal (`courtlist` keeps
 * `DataExportscourtlist`). A policy refuses two statements with one Sid, and a Sid holds only
 * ASCII letters and digits: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 */
export const statementSid = (datasetName: string) => `DataExports${spelled(datasetName)}`;
