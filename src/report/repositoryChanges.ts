import { isDatasetFilePath } from "../config/datasetFileName";
import { SETTINGS_FILE, type Settings } from "../config/settings";

/** One setting whose value differs between the base and the change. */
export interface SettingChange {
  /** The key as written in the settings file, e.g. `user_name_pattern`. */
  key: string;
  before: string;
  after: string;
}

/**
 * What a change does besides dataset files: settings values and other files (code, workflows,
 * docs). Reviewers must see these: they change what every dataset gets, and need maintainers.
 */
export interface RepositoryChanges {
  settings: SettingChange[];
  /** True when the settings file changed, even if no value did (comments, order). */
  settingsFileChanged: boolean;
  /**
   * Changed files other than dataset files (`<name>.yaml` directly in a dataset folder) and the
   * settings file, relative to the root: anything else in a dataset folder is code here too.
   */
  otherFiles: string[];
}

/** `userNamePattern` as the settings file spells it: `user_name_pattern`. */
const fileKey = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A setting's value as the settings file writes it: patterns by their source, lists joined. */
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(shown).join(", ");
  if (value !== null && typeof value === "object" && "source" in value) return String(value.source);
  return JSON.stringify(value) ?? "";
}

/** Classifies the files a change touches (paths relative to the root) and compares the settings' values. */
export function repositoryChanges(files: readonly string[], base: Settings, head: Settings): RepositoryChanges {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const settings = keys.flatMap((k) => {
    const [before, after] = [shown(base[k as keyof Settings]), shown(head[k as keyof Settings])];
    return before === after ? [] : [{ key: fileKey(k), before, after }];
  });
  return {
    settings,
    settingsFileChanged: files.includes(SETTINGS_FILE),
    otherFiles: files.filter((f) => f !== SETTINGS_FILE && !isDatasetFilePath(f)).sort(),
  };
}
