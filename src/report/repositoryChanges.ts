import { DATASET_FOLDERS } from "../config/dataset";
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
  /** Changed files outside the dataset folders and the settings file, relative to the root. */
  otherFiles: string[];
}

const SETTING_KEYS: Record<keyof Settings, string> = {
  exportBucket: "export_bucket",
  pullBucketPrefix: "pull_bucket_prefix",
  userNamePattern: "user_name_pattern",
  accountId: "account_id",
  region: "region",
};

const shown = (value: Settings[keyof Settings]) => (value instanceof RegExp ? value.source : value);

/** Classifies the files a change touches (paths relative to the root) and compares the settings' values. */
export function repositoryChanges(files: readonly string[], base: Settings, head: Settings): RepositoryChanges {
  const datasetFolders = Object.values(DATASET_FOLDERS).map((f) => `${f}/`);
  const settings = (Object.keys(SETTING_KEYS) as (keyof Settings)[]).flatMap((k) => {
    const [before, after] = [shown(base[k]), shown(head[k])];
    return before === after ? [] : [{ key: SETTING_KEYS[k], before, after }];
  });
  return {
    settings,
    settingsFileChanged: files.includes(SETTINGS_FILE),
    otherFiles: files.filter((f) => f !== SETTINGS_FILE && !datasetFolders.some((d) => f.startsWith(d))).sort(),
  };
}
