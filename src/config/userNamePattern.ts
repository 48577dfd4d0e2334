import { createRequire } from "node:module";
import type { RE2JS } from "re2js";
import { DEFAULT_SETTINGS, type NamePattern } from "./settings";

/** A pattern that matches whole names: anchored with ^ and $ (the settings' JSON Schema says so too). */
export const ANCHORED = /^\^.*\$$/;

/**
 * The literal text every name the pattern matches starts with ("alpha_user_" for the default):
 * the characters after ^ that match only themselves, up to the first that may not. "" when the
 * pattern has alternatives (|), which could start elsewhere. The users stacks narrow the roles
 * they may write policies on to it, and messages offer it as a correction.
 */
export function userNamePrefix(pattern: Pick<NamePattern, "source">): string {
  if (pattern.source.includes("|")) return "";
  const [, run = "", next] = /^\^([A-Za-z0-9_=,@-]*)(.?)/.exec(pattern.source) ?? [];
  // A quantifier that allows none of the last character (?, *, {0,…}) leaves it out of every name.
  return next === "?" || next === "*" || next === "{" ? run.slice(0, -1) : run;
}

/**
 * Compiles the settings' user_name_pattern with RE2 semantics (re2js), so matching any user name,
 * however crafted, takes time linear in its length: a pattern such as ^(a+)+$ cannot stall
 * validation. RE2 has no backreferences or lookaround; a pattern using them is refused. The
 * pattern must also be a JavaScript regular expression, as editors check the published schema with one.
 */
export function compileUserNamePattern(source: string): NamePattern | { problem: string; fix: string } {
  // The default pattern is already a JavaScript RegExp that matches the same names as RE2 would
  // (no backreferences or lookaround, one unnested repetition: linear time), and building an RE2
  // program is the larger part of validate's settings check: most settings files keep it.
  if (source === DEFAULT_SETTINGS.userNamePattern.source) return DEFAULT_SETTINGS.userNamePattern;
  // Settings are checked, then read, with the same pattern: compiling it is most of re2js's cost.
  if (last?.source !== source) last = { source, compiled: compile(source) };
  return last.compiled;
}

let last: { source: string; compiled: ReturnType<typeof compile> } | undefined;

// re2js is loaded only for a pattern other than the default, not with the module: loading it is
// a tenth of `exports validate`'s start-up.
const requireHere = createRequire(import.meta.url);
const re2js = () => requireHere("re2js") as { RE2JS: typeof RE2JS };

function compile(source: string): NamePattern | { problem: string; fix: string } {
  if (!ANCHORED.test(source))
    return {
      problem: "user_name_pattern must match whole names",
      fix: `Anchor it: ^${source.replace(/^\^|\$$/g, "")}$.`,
    };
  let re2: RE2JS;
  try {
    re2 = re2js().RE2JS.compile(source);
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
