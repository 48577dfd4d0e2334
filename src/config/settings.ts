import { DEFAULT_TIME_ZONE } from "./expiry";

/** A platform user name pattern: anchored, and matched in time linear in the name's length. */
export interface NamePattern {
  /** The expression as written in the settings. */
  readonly source: string;
  /** True when the whole name matches. */
  test(name: string): boolean;
}

/** The values that differ per platform, read from `exports.settings.yaml` at the repository root. */
export interface Settings {
  /** Where platform users write push exports, e.g. `mojap-hub-exports`. */
  exportBucket: string;
  /** Prefix of every pull bucket: `mojap-` makes `new_project` into `mojap-new-project`. */
  pullBucketPrefix: string;
  /** What a platform user name looks like. Each platform user has an IAM role of that name. */
  userNamePattern: NamePattern;
  /** The platform's AWS account: it holds the export bucket, the pull buckets and the users' roles. */
  accountId: string;
  /** The AWS region everything is deployed to; always in the `aws` partition. */
  region: string;
  /** Buckets of the platform's own, beyond those it creates: no push dataset may send files to them. */
  reservedBuckets: readonly string[];
  /** Who the alarms notify: email addresses subscribed to the alarm topic. */
  alarmEmails: string[];
  /** The IANA time zone whose whole days `expires` dates name, e.g. Europe/London. */
  timeZone: string;
  /** How many days before its `expires` date a dataset is warned about and listed as expiring. */
  expiryWarningDays: number;
  /** When true, a new dataset must give `expires` and `paperwork`. */
  requireExpires: boolean;
  /** The furthest `expires` may be from today, in months; undefined for no limit. */
  maxExpiryMonths?: number;
  /** How many years Object Lock keeps each delivery record, in compliance mode: no one can shorten it (decision 0017). */
  ledgerRetentionYears: number;
}

export const SETTINGS_FILE = "exports.settings.yaml";

/** The settings used when the settings file leaves a value out. */
export const DEFAULT_SETTINGS: Settings = {
  exportBucket: "mojap-hub-exports",
  pullBucketPrefix: "mojap-",
  // Capitals allowed: the platform created names such as alpha_user_SullivanJ123, and they are kept as written.
  userNamePattern: /^alpha_user_[A-Za-z0-9][A-Za-z0-9_-]*$/,
  accountId: "123456789012",
  region: "eu-west-1",
  reservedBuckets: [],
  alarmEmails: [],
  timeZone: DEFAULT_TIME_ZONE,
  expiryWarningDays: 30,
  requireExpires: false,
  ledgerRetentionYears: 7,
};
