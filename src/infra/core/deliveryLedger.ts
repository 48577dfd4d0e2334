import { CfnOutput, RemovalPolicy } from "aws-cdk-lib";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { accessLogsBucketName, ledgerBucketName } from "../../config/platformBuckets";
import type { Plan } from "../../plan/plan";
import { ledgerBucketPolicy } from "../../plan/policies/ledgerBucket";
import { recordsKeyPolicy } from "../../plan/policies/recordsKey";
import { LEDGER_TAG } from "../datasetTag";
import { functionLogGroupName } from "../functionLogs";
import { hardenedBucket } from "../hardenedBucket";
import { ResourceGroup } from "./resourceGroup";

export interface DeliveryLedgerProps {
  plan: Plan;
  /** The functions whose log groups the records key encrypts: the mover and the sweeper. */
  functionNames: readonly string[];
}

/**
 * The delivery ledger (decision 0017): a bucket with Object Lock in compliance mode, every record
 * kept `ledger_retention_years` (no one, the account's root included, can delete it or shorten
 * that), versioned, private, TLS only, retained; and the records key, a customer managed key with
 * rotation on, which encrypts the bucket and the functions' log groups.
 */
export class DeliveryLedger extends ResourceGroup {
  readonly bucket: s3.Bucket;
  /** The records key, as the log groups and the bucket take it. */
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, { plan, functionNames }: DeliveryLedgerProps) {
    super(scope, id);
    const { settings } = plan;
    // An L1 key, so its policy is exactly recordsKeyPolicy: the L2 adds the account's kms:*.
    const key = new kms.CfnKey(this, "RecordsKey", {
      description: "data-exports: encrypts the delivery ledger and the mover's and sweeper's logs",
      enableKeyRotation: true,
      keyPolicy: recordsKeyPolicy(settings, functionNames.map(functionLogGroupName)),
    });
    key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.key = kms.Key.fromCfnKey(key);
    const bucketName = ledgerBucketName(settings.exportBucket);
    this.bucket = hardenedBucket(this, "LedgerBucket", {
      bucketName,
      datasetTag: LEDGER_TAG,
      policy: ledgerBucketPolicy(settings),
      versioned: true,
      complianceYears: settings.ledgerRetentionYears,
      encryptionKey: this.key,
      accessLogs: { bucketName: accessLogsBucketName(settings.exportBucket), prefix: `${bucketName}/` },
    });
    new CfnOutput(this, "LedgerBucketName", {
      description: "The delivery ledger: one object of records a batch of moves (docs/operators.md)",
      value: bucketName,
    });
  }
}
