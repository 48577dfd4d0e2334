import type { RuleMeta } from "../ruleMeta";
import { stemOf } from "../dataset";
import type { FileFacts } from "../fileFacts";
import type { Issue } from "../issue";
import { asYaml, message, quote } from "../message";
import { BUCKET_NAME_MAX, FEDERATED_NAME_MAX, PUSH_NAME_MAX, bucketNameProblem, pullBucketName } from "../names";
import { isValidName } from "./nameFormat";

/**
 * The datasets of the branch a change merges into: each file's path and the name it declared
 * there. A file there with the same name is untouched by the change.
 */
export type BaseNames = ReadonlyMap<string, string>;

/** How a file of this kind claims `name`: a pull name as its bucket spells it. */
const claimOf = (file: FileFacts, name: string) => (file.kind === "pull" ? name.replaceAll("_", "-") : name);

/**
 * The names a file claims: the one it declares and the one it is named after (its stem). A pull
 * name is claimed as its bucket spells it (`_` as `-`): two names of one bucket are one claim.
 */
function claimsOf(file: FileFacts): Set<string> {
  const stem = stemOf(file.source.path);
  return new Set((file.name === undefined ? [stem] : [file.name, stem]).map((n) => claimOf(file, n)));
}

/** The longest name a file of this kind can take: its mover role's, pull bucket's or federated role's limit. */
function longestName(file: FileFacts, pullBucketPrefix: string): number {
  if (file.kind === "push") return PUSH_NAME_MAX;
  const bucket = BUCKET_NAME_MAX - pullBucketPrefix.length;
  return file.federated ? Math.min(bucket, FEDERATED_NAME_MAX) : bucket;
}

/**
 * How many files of each kind claim each name (see claimsOf), counted once for all the files, so
 * that finding a free name for each of many duplicates stays linear.
 */
function countClaims(files: readonly FileFacts[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files)
    for (const name of claimsOf(file)) {
      const key = `${file.kind}:${name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return counts;
}

/**
 * A name for `file` that no other file of its kind declares or is named after (for a pull file,
 * nor gives the same bucket), within the kind's length: its stem, else stem_2…, the stem cut to fit.
 */
function freeName(file: FileFacts, claims: ReadonlyMap<string, number>, pullBucketPrefix: string): string | undefined {
  const own = claimsOf(file);
  const takenByOthers = (name: string) =>
    (claims.get(`${file.kind}:${claimOf(file, name)}`) ?? 0) > (own.has(claimOf(file, name)) ? 1 : 0);
  const stem = stemOf(file.source.path);
  const longest = longestName(file, pullBucketPrefix);
  for (let n = 1; n < 100; n++) {
    const suffix = n === 1 ? "" : `_${n}`;
    const candidate = `${stem.slice(0, longest - suffix.length).replace(/[_-]+$/, "")}${suffix}`;
    const fits = file.kind === "push" || bucketNameProblem(pullBucketName(pullBucketPrefix, candidate)) === undefined;
    if (!takenByOthers(candidate) && isValidName(file.kind, candidate) && fits) return candidate;
  }
  return undefined;
}

/** The rule `name-unique`: its id and its row of docs/rules.md. */
export const NAME_UNIQUE_RULE: RuleMeta = {
  id: "name-unique",
  severity: "error",
  description:
    "No two files of one kind declare the same name. With `validate --base`, the error lands on the file the change added or renamed; without it, on every file of the name, each naming the others. The fix offers a name no file declares or is named after.",
};

/**
 * No two files of one kind declare the same name. The error lands on the files a change added or
 * renamed (those not declaring that name in `base`); when that is unknown, or none, on every file
 * of the name, each pointing at the others. Its fix names a name no file has.
 */
export function nameUnique(files: readonly FileFacts[], pullBucketPrefix: string, base?: BaseNames): Issue[] {
  const groups = new Map<string, FileFacts[]>();
  for (const file of files) {
    const name = file.name;
    if (name === undefined) continue;
    const key = `${file.kind}:${name}`;
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  let claims: Map<string, number> | undefined;
  return [...groups.values()].flatMap((group) => {
    if (group.length < 2) return [];
    const changed = group.filter((f) => base?.get(f.source.path) !== f.name);
    const reported = base && changed.length > 0 ? changed : group;
    return reported.map((file) => {
      const name = file.name ?? "";
      const others = group.filter((f) => f !== file).map((f) => f.source.path);
      const what = `${others.join(" and ")} ${others.length > 1 ? "also declare" : "also declares"} this ${file.kind} dataset name`;
      const free = freeName(file, (claims ??= countClaims(files)), pullBucketPrefix);
      const renamed = free ? `give this one its own name, e.g. name: ${asYaml(free)}` : "give this one its own name";
      const fix =
        reported.length < group.length
          ? `Each dataset has its own name: ${renamed}.`
          : `If this file is the newer, ${renamed}.`;
      return file.source.issueAtOffset(file.nameAt, NAME_UNIQUE_RULE.id, "error", message(what, quote(name), fix));
    });
  });
}
