import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneUsersCommand } from "../../src/cli/pruneUsers/command";
import type { UsersGoneSummary } from "../../src/cli/pruneUsers/usersGone";
import { REPO } from "../synth";

const ACCOUNT = "123456789012";
const NOW = new Date("2026-12-07T06:41:00.000Z");
const failure = (name: string, status: number) =>
  Object.assign(new Error(`${name} from IAM`), { name, $metadata: { httpStatusCode: status, requestId: "req-1" } });

/** IAM as a fake: each role exists in ACCOUNT unless `answers` names the error GetRole gives for it. */
function fakeIam(answers: Record<string, string> = {}, account = ACCOUNT) {
  const iam = new IAMClient({ region: "eu-west-1" });
  mockClient(iam)
    .on(GetRoleCommand)
    .callsFake(async (input: { RoleName: string }) => {
      const error = answers[input.RoleName] ?? answers["*"];
      if (error) throw failure(error, error === "NoSuchEntityException" ? 404 : 403);
      return { Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${account}:role/${input.RoleName}` } };
    });
  return iam;
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "exports-prune-users-"));
  for (const item of ["push_datasets", "pull_datasets", "exports.settings.yaml"])
    await cp(join(REPO, item), join(root, item), { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Every dataset file's text, by path. */
async function files(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const folder of ["push_datasets", "pull_datasets"])
    for (const name of await readdir(join(root, folder)))
      out[`${folder}/${name}`] = await readFile(join(root, folder, name), "utf8");
  return out;
}

async function prune(iam: IAMClient, format: "text" | "json" = "json") {
  let stdout = "";
  let stderr = "";
  const out = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const code = await pruneUsersCommand({ root, format, clock: () => NOW }, out, () => iam);
  const summary =
    format === "json" && code === 0 ? (JSON.parse(stdout) as UsersGoneSummary & { body: string }) : undefined;
  return { code, stdout, stderr, summary };
}

describe("exports prune-users --aws", () => {
  it("removes a gone user from every file that lists them, with the evidence, and leaves every other file byte for byte", async () => {
    const before = await files();
    const { code, summary } = await prune(fakeIam({ alpha_user_tomasz_w: "NoSuchEntityException" }));
    expect(code).toBe(0);
    const after = await files();
    const changed = ["pull_datasets/youth-justice-referrals.yaml", "push_datasets/prison_population_hub.yaml"];
    for (const file of Object.keys(before).filter((f) => !changed.includes(f)))
      expect(after[file], file).toBe(before[file]);
    for (const file of changed)
      expect(after[file], file).toBe(before[file]?.replace(/^ {2}- alpha_user_tomasz_w\n/m, ""));
    expect(summary?.gone).toEqual([
      {
        user: "alpha_user_tomasz_w",
        role: "alpha_user_tomasz_w",
        roleArn: `arn:aws:iam::${ACCOUNT}:role/alpha_user_tomasz_w`,
        answer: "NoSuchEntity",
        at: NOW.toISOString(),
        requestId: "req-1",
        removedFrom: [
          { file: "pull_datasets/youth-justice-referrals.yaml", line: 8, column: 5 },
          { file: "push_datasets/prison_population_hub.yaml", line: 6, column: 5 },
        ],
      },
    ]);
    expect(summary?.body).toContain(
      `| \`alpha_user_tomasz_w\` | \`arn:aws:iam::${ACCOUNT}:role/alpha_user_tomasz_w\` | \`NoSuchEntity\` (request \`req-1\`) | ${NOW.toISOString()} |`,
    );
  });

  it("is idempotent: a second run finds nothing more to change", async () => {
    const iam = fakeIam({ alpha_user_tomasz_w: "NoSuchEntityException" });
    await prune(iam);
    const once = await files();
    const { code, summary } = await prune(iam);
    expect(code).toBe(0);
    expect(await files()).toEqual(once);
    expect(summary?.gone).toEqual([]);
  });

  it.each(["AccessDenied", "ThrottlingException", "ServiceFailureException"])(
    "removes nobody IAM answered %s about, and says the check was incomplete",
    async (error) => {
      const before = await files();
      const { code, summary } = await prune(
        fakeIam({ alpha_user_tomasz_w: error, "alpha_user_priya-n": "NoSuchEntityException" }),
      );
      expect(code).toBe(0);
      expect(summary?.unchecked).toEqual([
        { user: "alpha_user_tomasz_w", at: NOW.toISOString(), error: `${error}: ${error} from IAM` },
      ]);
      expect(summary?.body).toContain("#### The check was incomplete");
      expect(summary?.body).toContain(
        `| \`alpha_user_tomasz_w\` | ${NOW.toISOString()} | \`${error}: ${error} from IAM\` |`,
      );
      // Both datasets of priya-n have no other user: left for a person, not emptied.
      expect(summary?.leftAlone).toEqual([
        { file: "pull_datasets/legal_aid_costs.yaml", users: ["alpha_user_priya-n"] },
        { file: "push_datasets/court_listings_weekly.yaml", users: ["alpha_user_priya-n"] },
      ]);
      expect(summary?.body).toContain("#### Left for a person to decide");
      expect(await files()).toEqual(before);
      expect(summary?.gone.map((g) => [g.user, g.removedFrom])).toEqual([["alpha_user_priya-n", []]]);
    },
  );

  it("changes nothing and exits 2 when AWS cannot be asked at all", async () => {
    const before = await files();
    const { code, stderr } = await prune(fakeIam({ "*": "AccessDenied" }));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /nothing was changed: AWS could not be asked \(AccessDenied: .*\)\. Use credentials for account 123456789012/,
    );
    expect(await files()).toEqual(before);
  });

  it("asks only once when IAM cannot be reached at all (no credentials), and changes nothing", async () => {
    const iam = new IAMClient({ region: "eu-west-1" });
    const mock = mockClient(iam)
      .on(GetRoleCommand)
      .rejects(
        Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      );
    const { code, stderr } = await prune(iam);
    expect(code).toBe(2);
    expect(stderr).toContain("AWS could not be asked (CredentialsProviderError: Could not load credentials");
    expect(mock.commandCalls(GetRoleCommand)).toHaveLength(1);
  });

  it.each([
    {
      name: "another account's",
      iam: () => fakeIam({ alpha_user_tomasz_w: "NoSuchEntityException" }, "210987654321"),
      says: /another account/,
    },
    {
      name: "no role at all in the",
      iam: () => fakeIam({ "*": "NoSuchEntityException" }),
      says: /no user's role was found/,
    },
  ])("changes nothing and exits 2 when IAM answers with $name account", async ({ iam, says }) => {
    const before = await files();
    const { code, stderr } = await prune(iam());
    expect(code).toBe(2);
    expect(stderr).toMatch(says);
    expect(await files()).toEqual(before);
  });

  it("prints each removal at its file and line in a terminal", async () => {
    const { code, stdout } = await prune(fakeIam({ alpha_user_tomasz_w: "NoSuchEntityException" }), "text");
    expect(code).toBe(0);
    expect(stdout).toContain(
      `push_datasets/prison_population_hub.yaml:6:5: removed alpha_user_tomasz_w: IAM answered NoSuchEntity for arn:aws:iam::${ACCOUNT}:role/alpha_user_tomasz_w at ${NOW.toISOString()}\n`,
    );
  });

  it("says all is well when every role exists", async () => {
    const { code, stdout } = await prune(fakeIam(), "text");
    expect([code, stdout]).toEqual([0, `✔ account ${ACCOUNT}: every user's role exists\n`]);
  });

  it("does not read a dataset file with errors, and says so", async () => {
    await writeFile(join(root, "push_datasets/broken.yaml"), "name: broken\nusers: [\n");
    const { summary } = await prune(fakeIam({ alpha_user_tomasz_w: "NoSuchEntityException" }));
    expect(summary?.skipped).toEqual(["push_datasets/broken.yaml"]);
    expect(summary?.body).toContain("Not read, as they have errors");
  });
});
