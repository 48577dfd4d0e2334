import type { Settings } from "./settings";

/**
 * The bucket the export bucket and every pull bucket write their S3 server access logs to. It is
 * here, not among the plan's names, because the settings' checks need it and config comes before
 * the plan (docs/architecture.md: no import runs back up).
 */
export const accessLogsBucketName = (exportBucket: string) => `${exportBucket}-access-logs`;

/** The delivery ledger's bucket (decision 0017): records locked in compliance mode. */
export const ledgerBucketName = (exportBucket: string) => `${exportBucket}-ledger`;

/**
 * The buckets this platform creates or owns, each with what it is: the export bucket, its
 * access-log bucket, the delivery ledger's bucket and the settings' reserved_buckets. No push dataset may send files to one (the
 * mover's grant refuses buckets of its own account: said before review), and no pull bucket may take a
 * name of one (the deployment would fail, or take over the bucket).
 */
export function platformBuckets(settings: Settings): ReadonlyMap<string, string> {
  let buckets = ownedBySettings.get(settings);
  if (buckets === undefined) ownedBySettings.set(settings, (buckets = ownedBuckets(settings)));
  return buckets;
}

// Worked out once per settings, not once per dataset file (platform-bucket asks for every file).
const ownedBySettings = new WeakMap<Settings, ReadonlyMap<string, string>>();

function ownedBuckets(settings: Settings): ReadonlyMap<string, string> {
  const buckets = new Map<string, string>();
  for (const name of settings.reservedBuckets)
    buckets.set(name, "a bucket of the platform's own (reserved_buckets in exports.settings.yaml)");
  buckets.set(accessLogsBucketName(settings.exportBucket), "the platform's access-log bucket");
  buckets.set(ledgerBucketName(settings.exportBucket), "the delivery ledger's bucket");
  buckets.set(settings.exportBucket, "the export bucket");
  return buckets;
}

/**
 * The file-assets bucket of a CDK bootstrap stack, `cdk-<qualifier>-assets-<account>-<region>`
 * (qualifier `hnb659fds` by default, up to 10 characters: CDK's bootstrap template, parameter
 * Qualifier; https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html). CDK owns what is in
 * it and `cdk gc` deletes objects no stack refers to, so it is never a place to deliver data; in the
 * platform's own account the mover's grant refuses it anyway (s3:ResourceAccount, decision 0002).
 */
const CDK_ASSETS_BUCKET = /^cdk-[a-z0-9_-]{1,10}-assets-(\d{12})-[a-z0-9-]+$/;

/** What a well-known bucket of a platform (CDK's bootstrap assets bucket) is, or undefined. */
export function wellKnownPlatformBucket(name: string, settings: Settings): string | undefined {
  const account = CDK_ASSETS_BUCKET.exec(name)?.[1];
  if (account === undefined) return undefined;
  return account === settings.accountId
    ? "the CDK bootstrap assets bucket of the platform's own account"
    : `a CDK bootstrap assets bucket (of account ${account}), whose objects CDK deletes when no stack uses them`;
}
