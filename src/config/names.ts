import { characterName } from "./characters";

/**
 * The naming rules of datasets and AWS resources, in one place: the validation rules, the schema
 * published for editors and later the plan all use these, so they cannot disagree.
 */

/** Push dataset names: lower case letters, digits and underscores. */
export const PUSH_NAME = /^[a-z0-9][a-z0-9_]*$/;
/** Pull dataset names also accept hyphens, as existing pull files use them. */
export const PULL_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** IAM role names are at most 64 characters; the mover role is `export_<name>-move`. */
export const PUSH_NAME_MAX = 64 - "export_".length - "-move".length;

/** An IAM role ARN in the commercial partition, with an optional path (SSO roles have long ones). */
export const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/**
 * An IAM role ARN's form, whatever the lengths of its path and name: the path (with its slashes)
 * and the name, for pull-arn-length to measure against IAM's limits.
 */
export const ROLE_ARN_PARTS = /^arn:aws:iam::\d{12}:role(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)$/;
/** IAM role paths are at most 512 characters, slashes included (IAM API reference, CreateRole Path). */
export const IAM_PATH_MAX = 512;

/** An IAM user ARN in the commercial partition: accepted as a pull principal, with a warning. */
export const USER_ARN = /^arn:aws:iam::\d{12}:user\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** IAM role names: at most 64 of ASCII letters, digits and `+=,.@_-` (IAM API reference, CreateRole RoleName). */
export const IAM_ROLE_NAME_MAX = 64;
const IAM_ROLE_NAME = /^[\w+=,.@-]+$/;

/**
 * Why IAM would refuse `name` as a role name, or undefined when it would accept it. A platform
 * user is an IAM role of the same name, whatever the settings' user_name_pattern allows.
 */
export function iamRoleNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > IAM_ROLE_NAME_MAX)
    return `is ${name.length} characters long; IAM allows at most ${IAM_ROLE_NAME_MAX}`;
  // Most names pass whole; only a refused one is read character by character, to name the culprit.
  if (IAM_ROLE_NAME.test(name)) return undefined;
  const bad = [...name].find((c) => !IAM_ROLE_NAME.test(c));
  if (bad === undefined) return undefined;
  return `holds ${characterName(bad)}; IAM allows only ASCII letters, digits and + = , . @ _ -`;
}

/** An AWS account id: 12 digits, leading zeros included (so YAML must hold it as quoted text). */
export const ACCOUNT_ID = /^\d{12}$/;

/** A KMS key ARN (not an alias) in the commercial partition: the form S3 and IAM policies name a key by. */
export const KMS_KEY_ARN = /^arn:aws:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/(mrk-)?[0-9a-f-]{32,36}$/;

/** General purpose S3 bucket names: 3–63 of a-z 0-9 . -, starting and ending with a letter or digit. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** An AWS region name such as eu-west-1 or us-gov-west-1. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** A pull bucket prefix: the start of a bucket name, short enough to leave room for the dataset's name. */
export const PULL_BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,29}$/;

/** S3's longest general purpose bucket name. */
export const BUCKET_NAME_MAX = 63;

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** The ending S3 keeps for names of its own (`-s3alias`…) that `name` ends with, if any. */
export const reservedBucketSuffix = (name: string): string | undefined =>
  RESERVED_SUFFIXES.find((suffix) => name.endsWith(suffix));

/**
 * Why a string is not a valid general purpose S3 bucket name, or undefined when it is one.
 * Follows the published S3 naming rules, including reserved prefixes and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > BUCKET_NAME_MAX)
    return `is ${name.length} characters long; S3 allows 3 to ${BUCKET_NAME_MAX}`;
  if (/[A-Z]/.test(name)) return "has upper case letters; S3 allows only lower case";
  if (!BUCKET_NAME.test(name))
    return "may hold only a-z, 0-9, '.' and '-', and must start and end with a letter or digit";
  if (name.includes("..")) return "has two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "looks like an IP address";
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `starts with the reserved prefix '${prefix}'`;
  const suffix = reservedBucketSuffix(name);
  if (suffix) return `ends with the reserved suffix '${suffix}'`;
  return undefined;
}

/** The bucket of a pull dataset: the prefix, then the name with underscores as hyphens. */
export function pullBucketName(prefix: string, datasetName: string): string {
  return `${prefix}${datasetName.replaceAll("_", "-")}`;
}

// The forms an S3 bucket's address is copied in: an ARN or s3:// URL; an endpoint's host, with or
// without https:// (virtual-hosted, <b>.s3.<region>.amazonaws.com or the older <b>.s3-<region>…);
// a path-style URL (https://s3.<region>.amazonaws.com/<b>/…); the S3 console's page of the bucket.
const BUCKET_ADDRESSES = [
  /^(?:arn:aws[\w-]*:s3:::|s3a?:\/\/)([^/]+)/i,
  /^(?:https?:\/\/)?([^/?#]+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:[/?#:]|$)/i,
  /^https?:\/\/s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com\/([^/?#]+)/i,
  /^https?:\/\/(?:[a-z0-9-]+\.)*console\.aws\.amazon\.com\/s3\/(?:buckets|object)\/([^/?#]+)/i,
];

/**
 * The bare bucket name inside an S3 ARN (`arn:aws:s3:::b/k`), URL (`s3://b/k`, an https address
 * of S3 or of its console) or endpoint host (`b.s3.eu-west-1.amazonaws.com`), or undefined when
 * the text is none of these: lets a message give the exact value to write instead.
 */
export function bareBucketName(text: string): string | undefined {
  const trimmed = text.trim();
  for (const form of BUCKET_ADDRESSES) {
    const name = form.exec(trimmed)?.[1];
    if (name !== undefined) return name;
  }
  return undefined;
}

/** A Google service account's unique id: 21 decimal digits (what Google puts in `sub` and `azp`). */
export const GOOGLE_UNIQUE_ID = /^\d{21}$/;

/**
 * A Google service account's e-mail: user-managed (`<name>@<project>.iam.gserviceaccount.com`,
 * name 6–30 characters), or a project's default Compute Engine or App Engine account.
 */
export const GOOGLE_SERVICE_ACCOUNT_EMAIL =
  /^(?:[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com|\d+-compute@developer\.gserviceaccount\.com|[a-z][a-z0-9-]{4,28}[a-z0-9]@appspot\.gserviceaccount\.com)$/;

/** A Microsoft Entra ID tenant or object id: a GUID in its usual lower-case 8-4-4-4-12 form. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The audience an Entra workload asks its token for: its app registration's Application ID URI
 * (`api://…`) or application (client) id.
 */
export const ENTRA_AUDIENCE =
  /^(?:api:\/\/[A-Za-z0-9._~/-]{1,200}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** IAM role names are at most 64 characters; a pull dataset's federated role is `pull_<name>-federated`. */
export const FEDERATED_NAME_MAX = 64 - "pull_".length - "-federated".length;
