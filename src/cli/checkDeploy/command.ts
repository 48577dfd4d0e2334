import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client } from "@aws-sdk/client-s3";
import { resolve } from "node:path";
import { loadConfig } from "../../config/loadConfig";
import { checkAdoption } from "../../doctor/checkAdoption";
import { checkLogGroupAdoption } from "../../doctor/checkLogGroupAdoption";
import { synthesizedStacks } from "../../doctor/expectedStacks";
import type { Finding } from "../../doctor/finding";
import { plannedBuckets } from "../../doctor/plannedBuckets";
import { plannedLogGroups } from "../../doctor/plannedLogGroups";
import { buildPlan } from "../../plan/plan";
import { printFindings } from "../findings";
import type { Output } from "../output";

export interface CheckDeployClients {
  s3: S3Client;
  cfn: CloudFormationClient;
  logs: CloudWatchLogsClient;
}

/** Clients with the caller's own credentials, in the settings' region. */
const awsClients = (region: string): CheckDeployClients => ({
  // A bucket of the account in another region answers with a redirect; the SDK follows it.
  s3: new S3Client({ region, followRegionRedirects: true }),
  cfn: new CloudFormationClient({ region }),
  logs: new CloudWatchLogsClient({ region }),
});

/**
 * `exports check-deploy`: run by the deploy workflow right before `cdk deploy
 * --import-existing-resources`. 0 when the deployment would import no bucket that is not the
 * same dataset's (src/doctor/checkAdoption.ts) and no log group at all that is not already its
 * stack's (src/doctor/checkLogGroupAdoption.ts); 1 with one line per bucket or log group that
 * stops it, at the file to change; 2 when AWS cannot be asked. Either way but 0, the deployment
 * does not start.
 */
export async function checkDeployCommand(
  root: string,
  out: Output,
  clientsFor: (region: string) => CheckDeployClients = awsClients,
): Promise<number> {
  const loaded = await loadConfig(resolve(root));
  if (loaded.errors.length > 0) {
    out.stderr("exports check-deploy: the dataset files have errors; run npx exports validate first.\n");
    return 1;
  }
  const config = loaded.value;
  const stacks = synthesizedStacks(buildPlan(config).value);
  const buckets = plannedBuckets(stacks);
  const clients = clientsFor(config.settings.region);
  let findings: Finding[];
  try {
    findings = [
      ...(await checkAdoption(clients.s3, clients.cfn, buckets, config)),
      ...(await checkLogGroupAdoption(clients.logs, clients.cfn, plannedLogGroups(stacks))),
    ];
  } catch (error) {
    const e = error as { name?: string; message?: string };
    out.stderr(
      `exports check-deploy: AWS could not be asked (${e.name}: ${e.message}). Use credentials for account ${config.settings.accountId} that may list the stacks' resources, head and read the tags of the buckets the deployment creates, and describe log groups.\n`,
    );
    return 2;
  }
  printFindings(findings, out);
  out.stdout(
    findings.length > 0
      ? `✖ ${findings.length} bucket(s) or log group(s) stop the deployment; nothing was changed\n`
      : `✔ account ${config.settings.accountId}: each of the ${buckets.length} buckets the deployment creates is new, already in its stack, or kept for the same dataset; each log group is new or already in its stack\n`,
  );
  return findings.length > 0 ? 1 : 0;
}
