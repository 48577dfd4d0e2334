import { accessEndInstant } from "../../config/expiry";
import type { Settings } from "../../config/settings";
import type { Statement } from "../policyDocument";

/**
 * The instant a dataset's access ends (the start of the day after `expires`, in the settings'
 * time zone, in UTC), or undefined for a dataset without `expires`.
 */
export function accessEndsAt(dataset: { expires?: string | undefined }, settings: Settings): string | undefined {
  return dataset.expires === undefined ? undefined : accessEndInstant(dataset.expires, settings.timeZone);
}

/**
 * A grant that ends on its own: the statement with `aws:CurrentTime` before `endsAt` added to its
 * conditions, so AWS stops allowing it at that instant whether or not anyone deploys. Date
 * conditions compare `aws:CurrentTime` with an ISO 8601 instant (IAM User Guide, "IAM JSON
 * policy elements: Condition operators", and "AWS: Allows access based on date and time").
 * Without `endsAt`, the statement is unchanged.
 */
export function untilExpiry(statement: Statement, endsAt: string | undefined): Statement {
  if (endsAt === undefined) return statement;
  return { ...statement, Condition: { ...statement.Condition, DateLessThan: { "aws:CurrentTime": endsAt } } };
}
