import { RE2JS } from "re2js";
import type { NamePattern } from "./settings";

/**
 * Compiles the settings' user_name_pattern with RE2 semantics (re2js), so matching any user name,
 * however crafted, takes time linear in its length: a pattern such as ^(a+)+$ cannot stall
 * validation. RE2 has no backreferences or lookaround; a pattern using them is refused. The
 * pattern must also be a JavaScript regular expression, as editors check the published schema with one.
 */
export function compileUserNamePattern(source: string): NamePattern | { problem: string; fix: string } {
  if (!source.startsWith("^") || !source.endsWith("$"))
    return {
      problem: "user_name_pattern must match whole names",
      fix: `Anchor it: ^${source.replace(/^\^|\$$/g, "")}$.`,
    };
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(source);
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, "");
    return {
      problem: `user_name_pattern is not a regular expression that runs in linear time (${detail})`,
      fix: "Write it without backreferences (\\1) or lookaround ((?=, (?!, (?<=); e.g. ^alpha_user_[A-Za-z0-9][A-Za-z0-9_-]*$.",
    };
  }
  try {
    new RegExp(source);
  } catch (error) {
    return {
      problem: `user_name_pattern is not a JavaScript regular expression, which editors need (${(error as Error).message})`,
      fix: "Use syntax common to RE2 and JavaScript, e.g. ^alpha_user_[A-Za-z0-9][A-Za-z0-9_-]*$.",
    };
  }
  return { source, test: (name) => re2.matches(name) };
}
