import { S3Client } from "@aws-sdk/client-s3";
import { ledgerBucketName } from "../../config/platformBuckets";
import type { Ledger } from "../../custody/record";
import { s3Ledger } from "../../custody/s3Ledger";
import { LOCAL_ADMIN } from "../../local/platform";
import { localS3Client } from "../../local/localS3Client";
import type { Plan } from "../../plan/plan";

/** Where a command reads the delivery ledger: the local platform's engine, or the AWS account the settings name. */
export interface LedgerPlace {
  plan: Plan;
  /** The local platform (`exports dev --port <port>`) instead of AWS. */
  local: boolean;
  port: number;
}

/**
 * The one place a command gets the delivery ledger (decision 0017): its bucket, named from the
 * settings' export bucket as the core stack names it, read on the local platform's engine at
 * `port` as the engine's owner, or on AWS with the caller's own credentials in the settings'
 * region (reading needs s3:GetObjectVersion and s3:ListBucketVersions on the ledger bucket and
 * kms:Decrypt through S3 on the records key: docs/operators.md).
 */
export function openLedger(place: LedgerPlace): Promise<Ledger | { error: string }> {
  const bucket = ledgerBucketName(place.plan.settings.exportBucket);
  const s3 = place.local
    ? localS3Client(`http://127.0.0.1:${place.port}`, LOCAL_ADMIN)
    : new S3Client({ region: place.plan.settings.region });
  return Promise.resolve(s3Ledger(s3, bucket));
}
