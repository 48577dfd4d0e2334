import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellWord } from "../../src/local/shellWord";

describe("shellWord", () => {
  it.each(["alpha_user_ana", "s3://mojap-hub-exports/team_a/from-alpha_user_ana.csv", "http://127.0.0.1:7480"])(
    "leaves %s as it is",
    (word) => expect(shellWord(word)).toBe(word),
  );

  it.each(["it's $(rm -rf ~)", "a b", "`x`", "semi;colon", "new\nline", ""])(
    "quotes %j so that bash reads it back unchanged",
    (word) => {
      expect(execFileSync("bash", ["-c", `printf %s ${shellWord(word)}`], { encoding: "utf8" })).toBe(word);
    },
  );
});
