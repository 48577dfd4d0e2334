/**
 * The CDK feature flags and tags of every synthesis, in one place: `cdk synth` (bin/cdk.ts),
 * `exports synth` and `exports doctor` all build the app through `buildApp`, which applies them,
 * and `cdk.json` holds none (a test checks it), so no entry point synthesizes differently.
 *
 * Only flags that add checks at synthesis are set. CDK's other recommended flags change deployed
 * templates (IAM statement order, asset hashes, an extra log group that would collide with the one
 * Lambda made): each needs choosing against a real deployment, and goes here when it is.
 * https://docs.aws.amazon.com/cdk/v2/guide/featureflags.html
 */
export const FEATURE_FLAGS: Record<string, unknown> = {
  // Refuse to synthesize a SecretValue used as plain text.
  "@aws-cdk/core:checkSecretUsage": true,
  // Refuse a snapshot removal policy on a resource that cannot take one.
  "@aws-cdk/core:validateSnapshotRemovalPolicy": true,
  // Every ARN this platform writes says arn:aws: (settings refuse other partitions).
  "@aws-cdk/core:target-partitions": ["aws"],
};

/**
 * Tags on every stack. CloudFormation passes stack tags on to each resource that takes tags, so
 * they cost no template bytes (the gate's size bounds are unchanged) and reach the buckets, roles,
 * queues and topics for cost reports and audits.
 */
export const PLATFORM_TAGS: Record<string, string> = { project: "data-exports", "managed-by": "data-exports" };
