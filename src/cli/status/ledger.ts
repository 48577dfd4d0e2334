import type { Ledger } from "../../custody/record";
import type { Plan } from "../../plan/plan";

/** Where a command reads the delivery ledger: the local platform's engine, or the AWS account the settings name. */
export interface LedgerPlace {
  plan: Plan;
  /** The local platform (`exports dev --port <port>`) instead of AWS. */
  local: boolean;
  port: number;
}

/**
 * The one place a command gets the delivery ledger (issue 26). To be wired when the S3 ledger
 * (src/custody/s3Ledger.ts, with Object Lock) is merged: on the local platform, that ledger on the
 * engine at `port`; on AWS, in the ledger bucket the core stack names in its output (the mover's
 * LEDGER_BUCKET), read with the caller's credentials in the settings' region. Until then no store
 * holds records, and it says so rather than answer with an empty history.
 */
export function openLedger(place: LedgerPlace): Promise<Ledger | { error: string }> {
  const where = place.local ? `the local platform on port ${place.port}` : `AWS (${place.plan.settings.region})`;
  return Promise.resolve({
    error: `the delivery ledger of ${where} cannot be read by this build yet: its store (the S3 ledger with Object Lock) is not wired into exports status`,
  });
}
