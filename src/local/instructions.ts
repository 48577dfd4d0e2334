import type { Plan } from "../plan/plan";
import type { LocalSpec } from "./localSpec";

/** What `exports dev` prints once the platform is up: where it is, who can log in, and how to try it. */
export function instructions(
  plan: Plan,
  spec: LocalSpec,
  endpoint: string,
  admin: { accessKeyId: string; secretAccessKey: string },
): string {
  const exportBucket = plan.exportBucket.name;
  const credentials = (u: { accessKeyId: string; secretAccessKey: string }) =>
    `AWS_ACCESS_KEY_ID=${u.accessKeyId} AWS_SECRET_ACCESS_KEY=${u.secretAccessKey}`;
  const lines = [
    `The local export platform is running. S3 endpoint: ${endpoint} (region us-east-1)`,
    "Data lives in memory: it is gone when the platform stops.",
    "",
    "Identities (keys stay the same on every start):",
    ...spec.users.map((u) => `  ${u.standsFor.padEnd(60)} ${credentials(u)}`),
    `  ${"the receiving teams (owner of the stand-in target buckets)".padEnd(60)} ${credentials(admin)}`,
    "",
  ];
  for (const { dataset } of plan.push) {
    const user = spec.users.find((u) => u.uid === dataset.users[0]);
    if (!user) continue;
    lines.push(
      `Push dataset ${dataset.name}: as ${user.uid}, export a file and watch it arrive in ${dataset.bucket}:`,
      `  ${credentials(user)} aws --endpoint-url ${endpoint} s3 cp ./some-file.csv s3://${exportBucket}/${dataset.name}/some-file.csv --acl bucket-owner-full-control`,
      `  ${credentials(admin)} aws --endpoint-url ${endpoint} s3 ls --recursive s3://${dataset.bucket}/${dataset.name}/   # as the receiving team`,
      "",
    );
  }
  for (const { dataset } of plan.pull) {
    const principal = spec.users.find((u) => u.assumes && u.standsFor.endsWith(dataset.pullArns[0] ?? ""));
    if (!principal) continue;
    lines.push(
      `Pull dataset ${dataset.name}: its pull principal first assumes its role, then reads s3://${dataset.bucket}:`,
      `  ${credentials(principal)} aws --endpoint-url ${endpoint} sts assume-role --role-arn ${principal.assumes} --role-session-name try`,
      "",
    );
  }
  lines.push(
    "Uploads carry --acl bucket-owner-full-control here: the local engine has no 'bucket owner enforced' (docs/local-platform.md).",
    "Press Ctrl-C to stop; everything started is stopped with it.",
  );
  return lines.join("\n") + "\n";
}
