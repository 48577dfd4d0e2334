import { closest, distance } from "fastest-levenshtein";
import { hold, type Hold } from "./hold";

const quoted = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");
const plural = (names: readonly string[], one: string, many: string) =>
  `${names.length === 1 ? one : many} ${quoted(names)}`;

/**
 * The contract column a file's column was most likely meant to be: the same name in another
 * case, or one within a slip of it (a third of its length, at least one edit). Undefined when
 * none is that near.
 */
function nearMiss(column: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const sameCase = candidates.find((c) => c.toLowerCase() === column.toLowerCase());
  if (sameCase) return sameCase;
  const best = closest(column, candidates);
  return distance(column, best) <= Math.max(1, Math.floor(column.length / 3)) ? best : undefined;
}

/**
 * What keeps a file's columns from being the contract's exact set (case-sensitive, any order),
 * said once: names written twice, names the contract does not list (with the contract name each
 * was likely meant to be), contract names missing. Undefined when the sets are equal.
 */
export function columnProblems(found: readonly string[], contract: readonly string[]): Hold | undefined {
  const agreed = new Set(contract);
  const present = new Set(found);
  const repeated = [...new Set(found.filter((c, i) => found.indexOf(c) !== i))];
  const extra = [...present].filter((c) => !agreed.has(c));
  let missing = contract.filter((c) => !present.has(c));
  const renames: [string, string][] = [];
  const unknown: string[] = [];
  for (const column of extra) {
    const meant = nearMiss(column, missing);
    if (meant === undefined) unknown.push(column);
    else {
      renames.push([column, meant]);
      missing = missing.filter((m) => m !== meant);
    }
  }
  const problems = [
    ...(repeated.length
      ? [`${plural(repeated, "the column", "the columns")} appear${repeated.length === 1 ? "s" : ""} more than once`]
      : []),
    ...renames.map(([c, m]) => `the column \`${c}\` is not in the contract (did you mean \`${m}\`?)`),
    ...(unknown.length
      ? [`${plural(unknown, "the column", "the columns")} ${unknown.length === 1 ? "is" : "are"} not in the contract`]
      : []),
    ...(missing.length
      ? [
          `${plural(missing, "the contract's column", "the contract's columns")} ${missing.length === 1 ? "is" : "are"} missing`,
        ]
      : []),
  ];
  if (problems.length === 0) return undefined;
  const fixes = [
    ...(repeated.length ? [`keep one column of each name`] : []),
    ...renames.map(([c, m]) => `rename \`${c}\` to \`${m}\``),
    ...(unknown.length
      ? [`remove ${quoted(unknown)} (or ask for the contract to list ${unknown.length === 1 ? "it" : "them"})`]
      : []),
    ...(missing.length ? [`add ${quoted(missing)}`] : []),
  ];
  const code = repeated.length ? "repeated-column" : extra.length ? "extra-column" : "missing-column";
  return hold(code, problems.join("; "), `${fixes.join(", ")}, then upload the file again under the same key`);
}
