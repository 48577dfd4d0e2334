import type { Plan } from "../plan/plan";
import type { LocalSpec, LocalUser } from "./localSpec";
import { AZURE_TOKEN_PATH, googleIdentityPath } from "./federation/localIssuers";
import { contractSamples, type ContractSamples } from "./contractSamples";
import { shellWord } from "./shellWord";

type Keys = { accessKeyId: string; secretAccessKey: string };

/** The region every printed command names: the engine answers any, the AWS CLI insists on one. */
const LOCAL_REGION = "us-east-1";

/** Where commands start: lines indented by this much are commands, a blank line ends a block. */
export const COMMAND_INDENT = "    ";

/** The shell words every printed command is made of, for one endpoint. */
function commands(spec: LocalSpec, endpoint: string) {
  const aws = `aws --endpoint-url ${shellWord(endpoint)} --region ${LOCAL_REGION}`;
  const as = (u: Keys) =>
    `AWS_ACCESS_KEY_ID=${shellWord(u.accessKeyId)} AWS_SECRET_ACCESS_KEY=${shellWord(u.secretAccessKey)}`;
  const upload = (text: string, url: string, who?: Keys) =>
    `echo ${shellWord(text)} | ${who ? `${as(who)} ` : ""}${aws} s3 cp - ${url}`;
  return {
    endpoint,
    aws,
    as,
    s3: (bucket: string, key = "") => shellWord(`s3://${bucket}/${key}`),
    upload,
    userOf: (uid: string) => spec.users.find((u) => u.uid === uid && !u.tenant),
    block: (...lines: string[]) => [...lines.map((line) => COMMAND_INDENT + line), ""],
  };
}
type Commands = ReturnType<typeof commands>;

/**
 * A push dataset with a data contract: one upload that keeps it, one with an extra column, which
 * the mover holds in the export bucket (decision 0016), by the dataset's first platform user.
 */
function contractUploads(
  { upload, s3, block }: Commands,
  exportBucket: string,
  name: string,
  samples: ContractSamples,
  user: LocalUser,
): string[] {
  const key = (file: string) => s3(exportBucket, `${name}/${samples.prefix}${file}`);
  return [
    `Push dataset ${name} has a data contract (files:): only ${samples.described} leave. A file that keeps it arrives:`,
    ...block(upload(samples.conforming, key("conforming.csv"), user)),
    `  A file with one more column (${samples.extraColumn}) is held in the export bucket, not sent, and its uploader is told why:`,
    ...block(upload(samples.extra, key("extra-column.csv"), user)),
  ];
}

/** One pull dataset's commands: its platform users, its pull principals, and its federated workloads. */
function pullLines(plan: Plan, spec: LocalSpec, c: Commands, dataset: Plan["pull"][number]["dataset"]): string[] {
  const { aws, as, s3, upload, userOf, block } = c;
  const lines: string[] = [];
  const session = (roleArn: string, token: string) =>
    `  export $(printf 'AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s' $(${aws} sts assume-role-with-web-identity --role-arn ${shellWord(roleArn)} --role-session-name try --web-identity-token "${token}" --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text))`;
  const issuer = `http://${spec.issuer}`;
  const users = dataset.users.map(userOf).filter((u): u is LocalUser => u !== undefined);
  const first = users[0];
  const principals = dataset.pullArns
    .map((arn) => spec.users.find((u) => u.assumes && u.standsFor === `pull principal ${arn}`))
    .filter((u): u is LocalUser => u !== undefined);
  lines.push(
    `Pull dataset ${dataset.name}: its platform users fill ${dataset.bucket}:`,
    ...block(...users.map((u) => upload(`written by ${u.uid}`, s3(dataset.bucket, `from-${u.uid}.csv`), u))),
  );
  for (const p of principals) {
    lines.push(
      `  ${p.standsFor} assumes its role, then ${dataset.allowPush ? "writes and " : ""}reads with the session's keys:`,
      ...block(
        "(",
        `  export ${as(p)}`,
        `  export $(printf 'AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s' $(${aws} sts assume-role --role-arn ${shellWord(p.assumes ?? "")} --role-session-name try --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text))`,
        ...(dataset.allowPush ? [`  ${upload(`written by ${p.uid}`, s3(dataset.bucket, `from-${p.uid}.csv`))}`] : []),
        `  ${aws} s3 ls ${s3(dataset.bucket)}`,
        ...(first ? [`  ${aws} s3 cp ${s3(dataset.bucket, `from-${first.uid}.csv`)} -`] : []),
        ")",
      ),
    );
  }
  const role = spec.federated.find((f) => f.dataset === dataset.name)?.roleArn ?? "";
  const audience = plan.pull.find((p) => p.dataset.name === dataset.name)?.federatedRole?.arn ?? "";
  const readAs = (who: string) => [
    ...(dataset.allowPush ? [`  ${upload(`written by ${who}`, s3(dataset.bucket, `from-${who}.csv`))}`] : []),
    `  ${aws} s3 ls ${s3(dataset.bucket)}`,
    ...(first ? [`  ${aws} s3 cp ${s3(dataset.bucket, `from-${first.uid}.csv`)} -`] : []),
  ];
  const does = `${dataset.allowPush ? "writes and " : ""}reads`;
  for (const account of dataset.googleServiceAccounts) {
    const url = `${issuer}${googleIdentityPath(account.email)}?audience=${encodeURIComponent(audience)}`;
    lines.push(
      `  Google service account ${account.email} (${account.id}) gets an ID token from its metadata server (here the local issuer), exchanges it for the role's keys (no stored secret), then ${does}:`,
      ...block(
        "(",
        `  token=$(curl -fsS -H 'Metadata-Flavor: Google' ${shellWord(url)})`,
        session(role, "$token"),
        ...readAs(`gsa-${account.id}`),
        ")",
      ),
    );
  }
  for (const workload of dataset.azureWorkloads) {
    // One issuer stands in for every machine: an object id named in two tenants says which (azureWorkloadOf).
    const twoTenants = plan.pull.some((p) =>
      p.dataset.azureWorkloads.some((w) => w.objectId === workload.objectId && w.tenant !== workload.tenant),
    );
    const query = new URLSearchParams({
      "api-version": "2018-02-01",
      resource: workload.audience,
      object_id: workload.objectId,
      ...(twoTenants ? { tenant: workload.tenant } : {}),
    });
    lines.push(
      `  Azure workload ${workload.objectId} of tenant ${workload.tenant} gets a token from its managed identity endpoint (here the local issuer), exchanges it for the role's keys (no stored secret), then ${does}:`,
      ...block(
        "(",
        `  token=$(curl -fsS -H 'Metadata: true' ${shellWord(`${issuer}${AZURE_TOKEN_PATH}?${query.toString()}`)} | sed -n 's/.*"access_token":"\\([^"]*\\)".*/\\1/p')`,
        session(role, "$token"),
        ...readAs(`azure-${workload.objectId}`),
        ")",
      ),
    );
  }
  return lines;
}

/**
 * A dataset past its `expires`: the plan gives it no grant (buildPlan with the start's moment), so
 * every command for it would be refused, and its federated role does not exist to name.
 */
function endedLine(plan: Plan, dataset: Plan["expired"][number]): string {
  const kind = dataset.kind === "push" ? "Push" : "Pull";
  const kept = dataset.kind === "pull" ? " Its bucket and what it holds are kept." : "";
  return `${kind} dataset ${dataset.name}: access ended after ${dataset.expires ?? ""} (its expires:, ${plan.settings.timeZone}), so it is provisioned without grants: nothing to try.${kept}`;
}

/**
 * A sealed batch (decision 0018): a platform user uploads two files under a batch folder and seals
 * it with the AWS CLI; the receiving team checks the signed manifest with openssl alone, then with
 * `exports verify` (a line, not a block: it runs from this repository).
 */
function sealLines(
  plan: Plan,
  dataset: Plan["push"][number]["dataset"],
  c: Commands,
  admin: Keys,
  publicKeyFile: string,
): string[] {
  const { aws, as, s3, upload, userOf, block } = c;
  const user = dataset.users.map(userOf).find((u): u is LocalUser => u !== undefined);
  if (!user) return [];
  const folder = `${dataset.name}/batch-1/`;
  const exportBucket = plan.exportBucket.name;
  const get = (name: string) =>
    `  ${as(admin)} ${aws} s3 cp ${s3(dataset.bucket, `${folder}${name}`)} ${shellWord(name)}`;
  return [
    `  A sealed batch: ${user.uid} uploads two files under a folder, then seals it; a signed manifest follows them, last:`,
    ...block(
      upload("part one", s3(exportBucket, `${folder}part-1.csv`), user),
      upload("part two", s3(exportBucket, `${folder}part-2.csv`), user),
      `${as(user)} ${aws} s3api put-object --bucket ${shellWord(exportBucket)} --key ${shellWord(`${folder}_seal`)}`,
    ),
    `  The receiving team checks the manifest's signature with openssl alone (the platform's public key: ${publicKeyFile}):`,
    ...block(
      "(",
      '  cd "$(mktemp -d)"',
      get("_manifest.json"),
      get("_manifest.json.sig"),
      `  openssl dgst -sha256 -verify ${shellWord(publicKeyFile)} -signature _manifest.json.sig _manifest.json`,
      ")",
    ),
    `  And every file's size and SHA-256 with exports verify, in another terminal, in this repository: ${as(admin)} npx exports verify ${s3(dataset.bucket, folder)} --public-key ${shellWord(publicKeyFile)} --endpoint-url ${shellWord(c.endpoint)}`,
    "",
  ];
}

/**
 * What `exports dev` prints once the platform is up: where it is, every identity's keys, and for
 * every identity a command that works as printed in bash with Debian's AWS CLI and no AWS
 * configuration. Each block of lines indented by COMMAND_INDENT runs as it is, blocks in the order
 * printed; a pull principal's block runs in a subshell, so its session's keys do not outlive it.
 */
export function instructions(
  plan: Plan,
  spec: LocalSpec,
  endpoint: string,
  admin: Keys,
  where?: { port: number; noticesFile: string; publicKeyFile?: string },
): string {
  const c = commands(spec, endpoint);
  const { aws, as, s3, upload, userOf, block } = c;

  const lines = [
    `The local export platform is running. S3 endpoint: ${endpoint} (region ${LOCAL_REGION})`,
    "Data lives in memory: it is gone when the platform stops.",
    "",
    "Identities (keys stay the same on every start):",
    ...[...spec.users, { standsFor: "the receiving teams (owner of the stand-in target buckets)", ...admin }].map(
      (u) => `  ${u.standsFor.padEnd(60)} access key ${u.accessKeyId}, secret key ${u.secretAccessKey}`,
    ),
    ...(spec.oidcProviders.length > 0
      ? [
          "",
          `Web identity issuer (stand-in for Google and each Entra tenant, and for their workloads' token endpoints): http://${spec.issuer}`,
        ]
      : []),
    "",
    "Try it with the AWS CLI. Each indented block runs as printed, in bash, with no AWS configuration:",
    "",
  ];
  for (const { dataset } of plan.push) {
    const users = dataset.users.map(userOf).filter((u): u is LocalUser => u !== undefined);
    const samples = dataset.files ? contractSamples(dataset.files) : undefined;
    const first = users[0];
    lines.push(
      ...(samples && first
        ? contractUploads(c, plan.exportBucket.name, dataset.name, samples, first)
        : [
            `Push dataset ${dataset.name}: each platform user exports a file; it arrives in ${dataset.bucket}${dataset.keepFiles ? " and stays in the export bucket (keep_files)" : ""}.`,
            ...block(
              ...users.map((u) =>
                upload(`exported by ${u.uid}`, s3(plan.exportBucket.name, `${dataset.name}/from-${u.uid}.csv`), u),
              ),
            ),
          ]),
      `  The receiving team lists what has arrived:`,
      ...block(`${as(admin)} ${aws} s3 ls --recursive ${s3(dataset.bucket, `${dataset.name}/`)}`),
    );
  }
  const sealing = plan.push[0]?.dataset;
  if (where?.publicKeyFile && sealing) lines.push(...sealLines(plan, sealing, c, admin, where.publicKeyFile));
  const ended = new Set(plan.expired.map((d) => d.name));
  for (const d of plan.expired.filter((e) => e.kind === "push")) lines.push(endedLine(plan, d), "");
  for (const { dataset } of plan.pull) if (!ended.has(dataset.name)) lines.push(...pullLines(plan, spec, c, dataset));
  for (const d of plan.expired.filter((e) => e.kind === "pull")) lines.push(endedLine(plan, d), "");
  const first = plan.push[0]?.dataset.name;
  if (where && first) {
    const port = where.port === 7480 ? "" : ` --port ${where.port}`;
    // Not a command block: it runs from this repository, where the other blocks run anywhere.
    lines.push(
      `Whether each file arrived, and if not why and who must act: in another terminal, in this repository, run npx exports status ${shellWord(first)} --local${port}`,
      `Notices that AWS would e-mail to a dataset's notify: addresses are written to ${where.noticesFile}.`,
      "",
    );
  }
  lines.push(
    // The engine's refusal is AccessDenied, as on AWS; some AWS CLI versions cannot read its error
    // body and print a Python error instead (https://github.com/aws/aws-cli/issues/10161).
    "An upload or read the platform refuses (another dataset's prefix, access that has ended) fails with AccessDenied, as on AWS; the AWS CLI may print that as \"argument of type 'NoneType' is not iterable\", which means the same refusal.",
    "",
    "Press Ctrl-C to stop; everything started is stopped with it.",
  );
  return lines.join("\n") + "\n";
}
