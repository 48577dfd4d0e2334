/**
 * The delivery ledger's record (issue 26): one per delivery attempt's outcome, append-only, kept
 * for the settings' retention. The mover writes them (src/custody/ledger.ts); `exports status
 * --history` and the batch manifest (a sealed batch's files, their sizes and digests) read them.
 */
export interface DeliveryRecord {
  /** The record format, so a reader years later knows what it holds. */
  readonly format: "data-exports/delivery/1";
  /** When the record was written, ISO 8601 UTC. */
  readonly recordedAt: string;
  readonly dataset: string;
  /** The delivery outcome, in the delivery log's words (src/delivery/deliveryEvent.ts: "delivered", "kept", "held"…). */
  readonly outcome: string;
  /** A failed attempt's S3 error code (outcome "retrying" or "dead-lettered"), or a hold's code. */
  readonly code?: string;
  readonly source: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId?: string;
    readonly size?: number;
    /** SHA-256 of the object's content, lowercase hex (as `sha256sum` prints it); absent when not delivered. */
    readonly sha256?: string;
    /** The platform user who wrote the object, as the object's event or metadata names them. */
    readonly uploadedBy?: string;
    /** When the object was written to the export bucket, ISO 8601 UTC. */
    readonly uploadedAt?: string;
  };
  /** The dataset file deployed when the object moved: its path and the commit it was deployed from. */
  readonly datasetFile?: { readonly path: string; readonly commit?: string };
  /** Where it arrived; absent when it did not. */
  readonly target?: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId?: string;
    /** ISO 8601 UTC. */
    readonly arrivedAt: string;
  };
}

/** Where records are appended and read back: S3 with Object Lock on AWS and the engine, memory in tests. */
export interface Ledger {
  /**
   * Records the outcomes of one batch of moves, in one write where the store allows (one object
   * per batch on S3: a record a request would halve the mover's small-object rate).
   */
  append(records: readonly DeliveryRecord[]): Promise<void>;
  /**
   * The latest record that delivered each source key under `prefix` of `dataset` (a delivered
   * or kept outcome), by source key: what a sealed batch's manifest lists.
   */
  deliveredUnder(dataset: string, prefix: string): Promise<ReadonlyMap<string, DeliveryRecord>>;
  /**
   * Every record of `dataset` recorded at or after `from` and before `to`, oldest first: what
   * `exports status --history` prints ("everything that left for dataset X between two dates").
   */
  history(dataset: string, from: Date, to: Date): Promise<DeliveryRecord[]>;
}
