import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../synth";

interface Update {
  "package-ecosystem": string;
  directory: string;
  schedule: { interval: string };
  cooldown?: { "default-days": number };
}
const config = parse(readFileSync(join(REPO, ".github/dependabot.yml"), "utf8")) as {
  version: number;
  updates: Update[];
};

describe("Dependabot", () => {
  it.each(["github-actions", "npm"])(
    "updates %s at the repository root, weekly, a week after each release",
    (ecosystem) => {
      const update = config.updates.find((u) => u["package-ecosystem"] === ecosystem);
      expect(config.version).toBe(2);
      expect(update).toMatchObject({
        directory: "/",
        schedule: { interval: "weekly" },
        cooldown: { "default-days": 7 },
      });
    },
  );
});
