/** ARNs of the things the plan names, built in one place. */

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectsArn = (bucket: string, prefix = "") => `arn:aws:s3:::${bucket}/${prefix}*`;
export const roleArn = (account: string, path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`;
export const topicArn = (region: string, account: string, name: string) => `arn:aws:sns:${region}:${account}:${name}`;
export const accountRootArn = (account: string) => `arn:aws:iam::${account}:root`;

/** The account id in an IAM ARN. */
export function accountOf(arn: string): string {
  return arn.split(":")[4] ?? "";
}
