import { visible, visibleLines } from "../../report/escape";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { checkStacks } from "../../doctor/checkStacks";
import { checkTargetBuckets } from "../../doctor/checkTargetBuckets";
import { checkUserRoles } from "../../doctor/checkUserRoles";
import { expectedStacks } from "../../doctor/expectedStacks";
import type { Finding } from "../../doctor/finding";
import { compareText } from "../../config/issue";
import { loadConfig } from "../../config/loadConfig";
import { buildPlan } from "../../plan/plan";
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
  let findings: Finding[];
  try {
    findings = [
      ...(await checkUserRoles(clients.iam, config)),
      ...(await checkTargetBuckets(clients.s3, config)),
      ...(await checkStacks(clients.cfn, expectedStacks(buildPlan(config).value), config)),
    ];
  } catch (error) {
    const e = error as { name?: string; message?: string };
    out.stderr(
      `exports doctor: AWS could not be asked (${e.name}: ${e.message}). Use credentials for account ${config.settings.accountId} with read access to IAM, S3 and CloudFormation.\n`,
    );
    return 2;
  }
  findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  // Findings quote AWS's answers and the files' values: shown with invisible characters named.
  for (const f of findings)
    out.stdout(`${visible(f.file)}:${f.line}:${f.column}: ${visibleLines(f.message)} [${f.check}]\n`);
  out.stdout(
    findings.length > 0
      ? `✖ ${findings.length} finding(s)\n`
      : `✔ account ${config.settings.accountId}: every user's role exists, every target bucket answers, and the deployed stacks match the files\n`,
  );
  return findings.length > 0 ? 1 : 0;
}
