import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { checkAdoption } from "../../doctor/checkAdoption";
import { checkStacks } from "../../doctor/checkStacks";
import { checkTargetBuckets } from "../../doctor/checkTargetBuckets";
import { checkUserRoles } from "../../doctor/checkUserRoles";
import { expectedStacks, synthesizedStacks } from "../../doctor/expectedStacks";
import type { Finding } from "../../doctor/finding";
import { loadConfig } from "../../config/loadConfig";
import { buildPlan } from "../../plan/plan";
import { plannedBuckets } from "../../doctor/plannedBuckets";
import { printFindings } from "../findings";
import type { Output } from "../output";
import { resolve } from "node:path";

export interface DoctorClients {
  iam: IAMClient;
  s3: S3Client;
  cfn: CloudFormationClient;
}

/** Clients with the caller's own credentials, in the settings' region. */
const awsClients = (region: string): DoctorClients => ({
  iam: new IAMClient({ region }),
  // A target bucket in another region answers with a redirect; the SDK follows it and says where.
  s3: new S3Client({ region, followRegionRedirects: true }),
  cfn: new CloudFormationClient({ region }),
});

/**
 * `exports doctor --aws`: pre-flight against the real account. 0 when all is well, 1 with one
 * line per finding (file:line:column), 2 when AWS cannot be asked (no credentials, no access).
 */
export async function doctorCommand(
  root: string,
  out: Output,
  clientsFor: (region: string) => DoctorClients = awsClients,
): Promise<number> {
  const loaded = await loadConfig(resolve(root));
  if (loaded.errors.length > 0) {
    out.stderr("exports doctor: the dataset files have errors; run npx exports validate first.\n");
    return 1;
  }
  const config = loaded.value;
  const clients = clientsFor(config.settings.region);
  const plan = buildPlan(config).value;
  const stacks = synthesizedStacks(plan);
  let findings: Finding[];
  try {
    findings = [
      ...(await checkUserRoles(clients.iam, config)),
      ...(await checkTargetBuckets(clients.s3, config)),
      ...(await checkStacks(clients.cfn, expectedStacks(plan, stacks), config)),
      ...(await checkAdoption(clients.s3, clients.cfn, plannedBuckets(stacks), config)),
    ];
  } catch (error) {
    const e = error as { name?: string; message?: string };
    out.stderr(
      `exports doctor: AWS could not be asked (${e.name}: ${e.message}). Use credentials for account ${config.settings.accountId} with read access to IAM, S3 (bucket tags included) and CloudFormation.\n`,
    );
    return 2;
  }
  printFindings(findings, out);
  out.stdout(
    findings.length > 0
      ? `✖ ${findings.length} finding(s)\n`
      : `✔ account ${config.settings.accountId}: every user's role exists, every target bucket answers and is another account's, the deployed stacks match the files, and no bucket they create is another's\n`,
  );
  return findings.length > 0 ? 1 : 0;
}
