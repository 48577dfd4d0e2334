import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../synth";

/** Every text a person or a workflow copies a deploy command from. */
function sources(): string[] {
  const under = (dir: string, ext: RegExp) =>
    readdirSync(join(REPO, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => ext.test(f))
      .map((f) => `${dir}/${f}`);
  return ["README.md", ...under("docs", /\.md$/), ...under(".github/workflows", /\.ya?ml$/), ...under("src", /\.ts$/)];
}

// Re-adding a removed pull dataset deploys only when CloudFormation adopts its retained bucket,
// which it does only when asked (docs/decisions/0004-lifecycle-and-adoption.md): a deploy command
// without the flag works until the day someone adds a dataset back, or reverts its removal.
describe("every deploy command the repository gives", () => {
  const commands = sources().flatMap((file) =>
    [...readFileSync(join(REPO, file), "utf8").matchAll(/npx cdk deploy\b[^`\n"]*/g)].map((m) => ({
      file,
      command: m[0],
    })),
  );

  it("is found, in the workflow, the docs and the CLI's advice", () => {
    const files = new Set(commands.map((c) => c.file));
    for (const file of [".github/workflows/deploy.yml", "docs/operators.md", "README.md", "src/cli/adopt/command.ts"])
      expect(files).toContain(file);
  });

  it("adopts retained buckets (--import-existing-resources), except the deployment roles' own app", () => {
    for (const { file, command } of commands.filter((c) => !c.command.includes("--app")))
      expect(command, `${file}: ${command}`).toContain("--import-existing-resources");
  });
});
