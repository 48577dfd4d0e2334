import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/cli/validate/format";
import type { Issue } from "../../src/config/issue";
import { DEFAULT_SETTINGS } from "../../src/config/settings";

const issue: Issue = {
  file: "push_datasets/\u202Eevil\u001b[2J.yaml",
  line: 3,
  column: 5,
  rule: "user-name",
  severity: "error",
  message: 'users lists platform user names: found "alpha_user_\u202Egnp.exe\u0085". List one:\n  - alpha_user_x',
};
const result = { value: { settings: DEFAULT_SETTINGS, push: [], pull: [] }, errors: [issue], warnings: [] };
const invisible = /(?!\n)[\p{Cc}\p{Cf}]/u;

describe("validate's output shows what user text hides", () => {
  it("in the terminal: file and message show invisible characters by code point, our line breaks stay", () => {
    const text = formatResult(result, "text");
    expect(text).not.toMatch(invisible);
    expect(text).toContain("push_datasets/<U+202E>evil<U+001B>[2J.yaml:3:5: error");
    expect(text).toContain('"alpha_user_<U+202E>gnp.exe<U+0085>". List one:\n      - alpha_user_x');
  });

  it("in GitHub annotations: the message shows them, the file stays as written so GitHub can place it", () => {
    const line = formatResult(result, "github");
    expect(line).toContain('found "alpha_user_<U+202E>gnp.exe<U+0085>". List one:%0A  - alpha_user_x');
    expect(line.split("::")[1]).toContain("file=push_datasets/\u202Eevil\u001b[2J.yaml");
  });
});
