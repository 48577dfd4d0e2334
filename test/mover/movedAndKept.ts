import type { DatasetRoute, MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";

export const EXPORT = "mojap-hub-exports";

/**
 * Two push datasets, each to its own target bucket: ds is moved, kept has keep_files. Their roles
 * are never assumed: the tests give the mover one client for every dataset.
 */
export const MOVED_AND_KEPT = new Map<string, DatasetRoute>(
  [
    { name: "ds", targetBucket: "ds-target", keepFiles: false },
    { name: "kept", targetBucket: "kept-target", keepFiles: true },
  ].map((r) => [r.name, { ...r, roleArn: `arn:aws:iam::123456789012:role/service-role/export_${r.name}-move` }]),
);

/** The mover's options on an engine that keeps no checksums (Ceph RGW, docs/local-platform.md): copies are verified by ETag. */
export const ENGINE_OPTIONS: MoverOptions = {
  exportBucket: EXPORT,
  multipartThreshold: 8 * MIB,
  partSize: 5 * MIB,
  concurrency: 4,
  verification: "engine-etag",
};

/** The same options where copies are verified by checksums, as on AWS. */
export const AWS_OPTIONS: MoverOptions = {
  exportBucket: EXPORT,
  multipartThreshold: 8 * MIB,
  partSize: 5 * MIB,
  concurrency: 4,
};

/**
 * Whether a request writes an object's copy whole into its target: a CopyObject, or the PutObject
 * of the bytes read (a small object on the engine with digests on, or one the contract check read).
 */
export const writesCopy = (command: string): boolean => command === "CopyObject" || command === "PutObject";

/** The options for each of the fake S3's profiles. */
export const PROFILE_OPTIONS: Record<"engine" | "aws", MoverOptions> = { engine: ENGINE_OPTIONS, aws: AWS_OPTIONS };
