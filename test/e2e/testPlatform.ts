import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startLocalPlatform, type LocalPlatform } from "../../src/local/platform";
import type { Plan } from "../../src/plan/plan";
import { platformPorts, type PlatformTestFile } from "../ports";
import { testSlot } from "../support";

/**
 * Starts the local platform for one engine test file, on that file's ports (test/ports.ts), in a
 * folder of its own unless `dir` names one, its log lines kept in `log`. A `plan` function is
 * called once the engine is up (see startLocalPlatform).
 */
export function startTestPlatform(
  file: PlatformTestFile,
  plan: Plan | (() => Plan),
  options: { sweepEveryMs: number; log: string[]; dir?: string },
): Promise<LocalPlatform> {
  const name = file.replace(/^test\/e2e\/|\.test\.ts$/g, "");
  return startLocalPlatform(plan, {
    dir: options.dir ?? `/tmp/data-exports-e2e-${name}-${testSlot()}`,
    ...platformPorts(file),
    sweepEveryMs: options.sweepEveryMs,
    log: (line) => options.log.push(line),
  });
}

/**
 * A poll for conditions the platform brings about: `check` until it returns something other than
 * undefined, failing after `ms` (`defaultMs` unless given) with the platform's log so far.
 */
export const pollWithLog =
  (log: readonly string[], defaultMs: number) =>
  async <T>(check: () => Promise<T | undefined>, ms = defaultMs): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out; platform log:\n${log.join("\n")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

/** The keys an AWS CLI call signs with: a platform user's, or a session's. */
export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Runs Debian's AWS CLI against `endpoint` as a person would: with these keys or none, nothing but
 * Debian's tools on PATH, `home` as HOME and no AWS configuration. Never throws; returns the exit
 * code and what it printed.
 */
export async function awsCli(endpoint: string, home: string, keys: AwsKeys | undefined, ...args: string[]) {
  const env = {
    PATH: "/usr/bin:/bin",
    HOME: home,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    ...(keys ? { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey } : {}),
    ...(keys?.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
  };
  return promisify(execFile)("/usr/bin/aws", [...args, "--endpoint-url", endpoint], { env, maxBuffer: 1 << 24 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? "",
    }));
}

/**
 * A pull principal's session: it assumes its stand-in role (`assumes`) with its own keys, as a
 * role in its account would; undefined when the engine refuses.
 */
export async function pullSession(
  endpoint: string,
  home: string,
  principal: AwsKeys & { assumes?: string | undefined },
): Promise<AwsKeys | undefined> {
  const args = ["sts", "assume-role", "--role-arn", principal.assumes ?? "", "--role-session-name", "e2e"];
  const out = await awsCli(endpoint, home, principal, ...args);
  if (out.code !== 0) return undefined;
  const c = (
    JSON.parse(out.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }
  ).Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
