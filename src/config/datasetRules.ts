import type { DatasetRule } from "./dataset";
import { booleanValue } from "./rules/booleanValue";
import { bucketOwner } from "./rules/bucketOwner";
import { bucketName } from "./rules/bucketName";
import { azureWorkload } from "./rules/azureWorkload";
import { duplicateEntry } from "./rules/duplicateEntry";
import { federatedRoleNameLength } from "./rules/federatedRoleNameLength";
import { googleServiceAccount } from "./rules/googleServiceAccount";
import { expiresDate } from "./rules/expiresDate";
import { kmsKey } from "./rules/kmsKey";
import { legacyBooleanList } from "./rules/legacyBooleanList";
import { legacyTargetBucket } from "./rules/legacyTargetBucket";
import { nameFormat } from "./rules/nameFormat";
import { nameMatchesFile } from "./rules/nameMatchesFile";
import { nonEmptyList } from "./rules/nonEmptyList";
import { notify } from "./rules/notify";
import { filesColumns } from "./rules/filesColumns";
import { filesEntries } from "./rules/filesEntries";
import { filesFormats } from "./rules/filesFormats";
import { filesMaxSize } from "./rules/filesMaxSize";
import { filesPrefix } from "./rules/filesPrefix";
import { paperwork } from "./rules/paperwork";
import { pullArn } from "./rules/pullArn";
import { pullBucketNameValid } from "./rules/pullBucketNameValid";
import { requiredKey } from "./rules/requiredKey";
import { unknownKey } from "./rules/unknownKey";
import { userName } from "./rules/userName";
import { ignoredKey } from "./rules/ignoredKey";
import { platformBucket } from "./rules/platformBucket";
import { pullArnUser } from "./rules/pullArnUser";
import { pullArnLength } from "./rules/pullArnLength";
import { pullArnOwnAccount } from "./rules/pullArnOwnAccount";
import { pullArnSameRole } from "./rules/pullArnSameRole";
import { pullArnServiceLinked } from "./rules/pullArnServiceLinked";
import { paperworkLink } from "./rules/paperworkLink";
import { paperworkSize } from "./rules/paperworkSize";
import { userRoleName } from "./rules/userRoleName";

/** Every rule applied to each dataset file, in the order their findings read best. */
export const DATASET_RULES: readonly DatasetRule[] = [
  unknownKey,
  ignoredKey,
  requiredKey,
  nameFormat,
  nameMatchesFile,
  pullBucketNameValid,
  bucketName,
  platformBucket,
  legacyTargetBucket,
  nonEmptyList,
  userRoleName,
  userName,
  pullArn,
  pullArnUser,
  pullArnLength,
  pullArnServiceLinked,
  pullArnOwnAccount,
  pullArnSameRole,
  googleServiceAccount,
  azureWorkload,
  federatedRoleNameLength,
  duplicateEntry,
  booleanValue,
  legacyBooleanList,
  paperwork,
  paperworkLink,
  paperworkSize,
  expiresDate,
  kmsKey,
  bucketOwner,
  notify,
  filesEntries,
  filesPrefix,
  filesFormats,
  filesMaxSize,
  filesColumns,
];
