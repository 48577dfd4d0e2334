import { describe, expect, it } from "vitest";
import { buildPlan, ROLE_INLINE_POLICY_LIMIT } from "../../src/plan/plan";
import { configOf } from "../synth";

const push = (name: string, users: string[]) => ({
  kind: "push" as const,
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: receiving-bucket\nusers:\n${users.map((u) => `  - ${u}`).join("\n")}\n`,
});

describe("buildPlan", () => {
  it("consolidates each user's access into one policy, whatever the number of datasets", () => {
    const config = configOf([push("a", ["alpha_user_x", "alpha_user_y"]), push("b", ["alpha_user_x"])]);
    const { value, errors } = buildPlan(config);
    expect(errors).toEqual([]);
    const x = value.users.find((u) => u.user === "alpha_user_x");
    expect(x?.push).toEqual(["a", "b"]);
    expect(x?.policy.Statement).toEqual([
      expect.objectContaining({
        Sid: "WritePushExports",
        Resource: ["arn:aws:s3:::mojap-hub-exports/a/*", "arn:aws:s3:::mojap-hub-exports/b/*"],
      }),
    ]);
    expect(x?.roleArn).toBe("arn:aws:iam::123456789012:role/alpha_user_x");
  });

  it("reports a user whose consolidated policy passes IAM's limit, at their entry in the last file naming them", () => {
    const names = Array.from(
      { length: 200 },
      (_, i) => `dataset_with_a_rather_long_name_${String(i).padStart(3, "0")}`,
    );
    const { errors } = buildPlan(configOf(names.map((n) => push(n, ["alpha_user_a", "alpha_user_busy"]))));
    expect(errors.map((e) => [e.file, e.line, e.column, e.rule])).toEqual([
      [`push_datasets/${names.at(-1)}.yaml`, 4, 5, "user-policy-size"],
      [`push_datasets/${names.at(-1)}.yaml`, 5, 5, "user-policy-size"],
    ]);
    expect(errors[1]?.message).toMatch(
      new RegExp(
        `alpha_user_busy is in 200 datasets.*over IAM's limit of ${ROLE_INLINE_POLICY_LIMIT}: found \\d+ characters\\. Remove`,
      ),
    );
  });
});
