import { describe, expect, it } from "vitest";
import { userNamePrefix } from "../../src/config/userNamePattern";

describe("the user-name pattern's literal start", () => {
  it.each([
    { name: "the default pattern", source: "^alpha_user_[A-Za-z0-9][A-Za-z0-9_-]*$", prefix: "alpha_user_" },
    { name: "a pattern with no fixed text", source: "^[a-z]+$", prefix: "" },
    { name: "a dot, which matches any character", source: "^alpha.user_[a-z]+$", prefix: "alpha" },
    { name: "a plus, one or more of the last character", source: "^ab+c$", prefix: "ab" },
    { name: "an optional last character", source: "^team_users?_[a-z]+$", prefix: "team_user" },
    { name: "a starred last character", source: "^ab*c$", prefix: "a" },
    { name: "a counted last character", source: "^ab{0,2}c$", prefix: "a" },
    { name: "alternatives, which may start elsewhere", source: "^alpha_[a-z]+$|^beta_[a-z]+$", prefix: "" },
    { name: "IAM's other name characters", source: "^a=b,c@d-e_[a-z]+$", prefix: "a=b,c@d-e_" },
  ])("$name", ({ source, prefix }) => {
    expect(userNamePrefix({ source })).toBe(prefix);
  });
});
