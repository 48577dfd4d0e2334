import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { fileSchemas } from "../../src/config/schema";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { compileUserNamePattern } from "../../src/config/userNamePattern";

// Two start-up savings of validate that must not change what it answers.
describe("the default user-name pattern, matched without building an RE2 program", () => {
  const source = DEFAULT_SETTINGS.userNamePattern.source;
  const names = [
    "alpha_user_a",
    "alpha_user_SullivanJ123",
    "alpha_user_a-b_c",
    "alpha_user_",
    "alpha_user__a",
    "alpha_user_-a",
    "alpha_user_a.b",
    "alpha_user_a\n",
    "\nalpha_user_a",
    "xalpha_user_a",
    "alpha_user_é",
    `alpha_user_${"a".repeat(5000)}!`,
    "",
  ];

  it("matches exactly the names RE2 matches with the same source", () => {
    const pattern = compileUserNamePattern(source);
    if ("problem" in pattern) throw new Error(pattern.problem);
    const re2 = RE2JS.compile(source);
    for (const name of names) expect(pattern.test(name), JSON.stringify(name)).toBe(re2.matches(name));
  });

  it("still compiles any other pattern with RE2", () => {
    expect(compileUserNamePattern("^(a)\\1$")).toMatchObject({ problem: expect.stringContaining("linear time") });
    const other = compileUserNamePattern("^team_[a-z]+$");
    expect("problem" in other ? undefined : other.test("team_ab")).toBe(true);
  });
});

describe("the dataset file schemas, built once per user-name pattern and time zone", () => {
  it("serves settings that keep the default pattern and zone from the schemas built for the defaults", () => {
    const settings = { ...DEFAULT_SETTINGS, exportBucket: "other-exports", region: "eu-west-2" };
    expect(fileSchemas(settings)).toBe(fileSchemas(DEFAULT_SETTINGS));
  });

  it("builds others for another time zone or pattern, which the schemas read", () => {
    const zone = fileSchemas({ ...DEFAULT_SETTINGS, timeZone: "America/New_York" });
    expect(zone).not.toBe(fileSchemas(DEFAULT_SETTINGS));
    expect(zone.push.shape.expires.description).toContain("America/New_York");
    const pattern = compileUserNamePattern("^team_[a-z]+$");
    if ("problem" in pattern) throw new Error(pattern.problem);
    const team = fileSchemas({ ...DEFAULT_SETTINGS, userNamePattern: pattern });
    expect(team.push.shape.users.safeParse(["team_ab"]).success).toBe(true);
    expect(team.push.shape.users.safeParse(["alpha_user_a"]).success).toBe(false);
  });
});
