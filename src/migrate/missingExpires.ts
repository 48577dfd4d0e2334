import { isScalar } from "yaml";
import type { Issue } from "../config/issue";
import { message } from "../config/message";
import { parseMapping } from "../config/parseMapping";
import { expiresMissing } from "../config/rules/expiresMissing";
import { SourceFile } from "../config/sourceFile";
import type { FileMigration } from "./migrateFile";

/**
 * A warning for each migrated file that gives no `expires`, at its `name`. `migrate` never adds
 * one: only the agreement's owner knows its last day, and a date added by a tool would end (or
 * extend) access nobody decided on. Pure: judged on the migrated text.
 */
export function missingExpires(migrations: readonly FileMigration[]): Issue[] {
  return migrations.flatMap((m) => {
    const source = new SourceFile(m.newPath, m.text);
    const { map } = parseMapping(source, "one mapping of keys to values");
    if (!map) return [];
    const key = (name: string) => map.items.find((p) => isScalar(p.key) && p.key.value === name);
    if (key("expires")) return [];
    const what = `${m.kind} dataset ${m.newPath} has no end date, so its access lasts until its file is removed; migrate does not add one`;
    const fix =
      "Add expires: <the last day of its agreement, YYYY-MM-DD> when the agreement is next reviewed (npx exports new shows the form).";
    return [source.issueAt(key("name")?.key ?? null, expiresMissing.id, "warning", message(what, "no expires", fix))];
  });
}
