import { GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import type { Config } from "../config/config";
import type { Finding } from "./finding";
import { isNoSuchEntity } from "./roleLookups";

/**
 * Every platform user needs an IAM role of their name: the system adds its policy to that role.
 * A missing role does not stop a deployment (it is skipped) but its user gets no access.
 */
export async function checkUserRoles(iam: IAMClient, config: Config): Promise<Finding[]> {
  const datasets = [...config.push, ...config.pull];
  const users = [...new Set(datasets.flatMap((d) => d.users))].sort();
  const missing = new Set<string>();
  for (const user of users) {
    await iam.send(new GetRoleCommand({ RoleName: user })).catch((error: { name?: string }) => {
      if (isNoSuchEntity(error)) missing.add(user);
      else throw error;
    });
  }
  return datasets.flatMap((d) =>
    d.users
      .filter((u) => missing.has(u))
      .map((u) => ({
        file: d.file,
        ...(d.source.users[u] ?? { line: 1, column: 1 }),
        check: "missing-role" as const,
        message: `${u} has no IAM role in account ${config.settings.accountId}, so gets no access: remove the user, or ask the platform team whether they left or were renamed`,
      })),
  );
}
