/**
 * The tag on every bucket the platform creates, naming what it is for: a pull bucket carries its
 * dataset's name, the export bucket, its access-log bucket and the ledger's a `platform:` value that no dataset
 * name can take (names have no colon). The pre-deploy check (src/doctor/checkAdoption.ts) lets the
 * deployment import an existing bucket only when it carries the value the deployment gives it, so
 * a retained bucket is adopted only by the dataset it was made for (docs/decisions/0004).
 * S3 bucket tags: key up to 128 characters, value up to 256, letters, digits, spaces and
 * `+ - = . _ : / @` (AWS::S3::Bucket Tag, CloudFormation template reference;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-managing.html).
 */
export const DATASET_TAG = "data-exports:dataset";

/** The tag value of the export bucket. */
export const EXPORT_BUCKET_TAG = "platform:export-bucket";
/** The tag value of the access-log bucket. */
export const ACCESS_LOGS_TAG = "platform:access-logs";
/** The tag value of the delivery ledger's bucket. */
export const LEDGER_TAG = "platform:delivery-ledger";
