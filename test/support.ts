import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { DatasetKind } from "../src/config/dataset";

export const FIXTURES = join(import.meta.dirname, "fixtures");

/**
 * A number unique to this Vitest worker, from which engine tests take their ports and folders.
 * `EXPORTS_TEST_SLOT` (0 by default) shifts it, so two test runs on one machine never share a port.
 */
export function testSlot(): number {
  return Number(process.env.VITEST_POOL_ID ?? "1") + 16 * Number(process.env.EXPORTS_TEST_SLOT ?? "0");
}

/** A rule fixture: `rules/<rule>/<kind>/<pass|fail>/<name>.yaml`, whose first line says what to expect. */
export interface RuleFixture {
  /** e.g. `bucket-name push fail arn`: the test's title. */
  title: string;
  rule: string;
  kind: DatasetKind;
  /** The path validation sees, as if the file were in the repository. */
  path: string;
  text: string;
  /** Undefined for a file that must be valid. */
  expect?: { line: number; column: number; severity: string };
}

/** Every rule fixture, read from disk. */
export function ruleFixtures(): RuleFixture[] {
  const root = join(FIXTURES, "rules");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"));
  return files.sort().map((file) => {
    const [rule, kind, outcome, name] = relative(root, join(root, file)).split("/") as [
      string,
      DatasetKind,
      string,
      string,
    ];
    const text = readFileSync(join(root, file), "utf8");
    // The first line holds the expectation; a byte order mark before it is a fixture's subject, not its header.
    const first = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)[0] ?? "";
    const header = /^# expect: (?:valid|(\d+):(\d+) (error|warning))$/.exec(first);
    if (!header)
      throw new Error(`${file}: the first line must be '# expect: valid' or '# expect: <line>:<column> <severity>'`);
    const fixture: RuleFixture = {
      title: `${rule} ${kind} ${outcome} ${name.replace(/\.yaml$/, "")}`,
      rule,
      kind,
      path: `${kind}_datasets/${name}`,
      text,
    };
    if (outcome === "fail")
      fixture.expect = { line: Number(header[1]), column: Number(header[2]), severity: header[3] ?? "" };
    return fixture;
  });
}
