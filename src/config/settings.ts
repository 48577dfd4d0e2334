/** The values that differ per platform, read from `exports.settings.yaml` at the repository root. */
export interface Settings {
  /** Where platform users write push exports, e.g. `mojap-hub-exports`. */
  exportBucket: string;
  /** Prefix of every pull bucket: `mojap-` makes `new_project` into `mojap-new-project`. */
  pullBucketPrefix: string;
  /** What a platform user name looks like; anchored. Each platform user has an IAM role of that name. */
  userNamePattern: RegExp;
  /** The platform's AWS account: it holds the export bucket, the pull buckets and the users' roles. */
  accountId: string;
  /** The AWS region everything is deployed to. */
  region: string;
  /** Who the alarms notify: email addresses subscribed to the alarm topic. */
  alarmEmails: string[];
}

export const SETTINGS_FILE = "exports.settings.yaml";

/** The settings used when the settings file leaves a value out. */
export const DEFAULT_SETTINGS: Settings = {
  exportBucket: "mojap-hub-exports",
  pullBucketPrefix: "mojap-",
  userNamePattern: /^alpha_user_[a-z0-9][a-z0-9_-]*$/,
  accountId: "123456789012",
  region: "eu-west-1",
  alarmEmails: [],
};
