import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import type { LocalSpec, LocalUser } from "./localSpec";
import { localS3Client } from "./localS3Client";

const run = promisify(execFile);

export interface Engine {
  endpoint: string;
  admin: { accessKeyId: string; secretAccessKey: string };
  /** Environment for radosgw-admin (CEPH_CONF). */
  env: NodeJS.ProcessEnv;
  /** The SHA-1 thumbprint of the local issuer's signing certificate. */
  issuerThumbprint: string;
}

/** Creates an engine user; the keys are given, so they are the same on every start. */
async function createUser(engine: Engine, user: LocalUser): Promise<void> {
  const tenant = user.tenant ? [`--tenant=${user.tenant}`] : [];
  await run(
    "radosgw-admin",
    [
      "-n",
      "client.admin",
      "user",
      "create",
      ...tenant,
      `--uid=${user.uid}`,
      `--display-name=${user.standsFor}`,
      `--access-key=${user.accessKeyId}`,
      `--secret-key=${user.secretAccessKey}`,
    ],
    { env: engine.env },
  );
}

/**
 * Provisions the local engine from a LocalSpec: users and their policies, OIDC providers, roles, buckets with
 * their versioning and policies, and the export bucket's notifications to `notifyUrl`.
 * `checkpoint` runs between steps: it throws to stop provisioning (a stop asked for meanwhile).
 */
export async function provision(
  engine: Engine,
  spec: LocalSpec,
  notifyUrl: string,
  checkpoint: () => void = () => undefined,
): Promise<void> {
  const config = { endpoint: engine.endpoint, region: "us-east-1", credentials: engine.admin };
  await run(
    "radosgw-admin",
    ["-n", "client.admin", "caps", "add", "--uid=admin", "--caps=roles=*;user-policy=*;users=*;oidc-provider=*"],
    { env: engine.env },
  );
  for (const user of [...spec.users, spec.mover, spec.sweeper]) {
    checkpoint();
    await createUser(engine, user);
  }

  const iam = new IAMClient(config);
  for (const user of [...spec.users, spec.sweeper].filter((u) => u.policy && !u.tenant)) {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: user.uid,
        PolicyName: "data-exports",
        PolicyDocument: JSON.stringify(user.policy),
      }),
    );
  }
  for (const provider of spec.oidcProviders) {
    checkpoint();
    await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: provider.url,
        ClientIDList: provider.clientIds,
        ThumbprintList: [engine.issuerThumbprint],
      }),
    );
  }
  for (const role of spec.roles) {
    checkpoint();
    await iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        Path: role.path,
        AssumeRolePolicyDocument: JSON.stringify(role.trust),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "data-exports",
        PolicyDocument: JSON.stringify(role.policy),
      }),
    );
  }

  const s3 = localS3Client(engine.endpoint, engine.admin);
  for (const bucket of spec.buckets) {
    checkpoint();
    await s3.send(new CreateBucketCommand({ Bucket: bucket.name }));
    if (bucket.versioned)
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: "Enabled" } }),
      );
    if (bucket.policy)
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: JSON.stringify(bucket.policy) }));
  }
  checkpoint();
  await createLedgerBucket(s3, spec.ledger);
  // A non-persistent topic delivers at once; a missed delivery is what the sweep is for.
  const topic = await new SNSClient(config).send(
    new CreateTopicCommand({ Name: "data-exports", Attributes: { "push-endpoint": notifyUrl, persistent: "false" } }),
  );
  const exportBucket = spec.buckets[0]?.name;
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: exportBucket,
      NotificationConfiguration: {
        TopicConfigurations: [{ Id: "data-exports", TopicArn: topic.TopicArn, Events: ["s3:ObjectCreated:*"] }],
      },
    }),
  );
}

/**
 * The delivery ledger's bucket: Object Lock can only be turned on as a bucket is made (it brings
 * versioning), then every new version is kept in compliance mode for the settings' years, as the
 * core stack's bucket on AWS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
 */
export async function createLedgerBucket(s3: S3Client, ledger: LocalSpec["ledger"]): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: ledger.name, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: ledger.name,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: ledger.retentionYears } },
      },
    }),
  );
}
