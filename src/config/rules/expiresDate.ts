import { isScalar } from "yaml";
import { valueNode, type DatasetRule } from "../dataset";
import { EXPIRES_DATE, accessEndInstant, isCalendarDate } from "../expiry";
import { describe, message } from "../message";

/**
 * IAM reads the end of access, a date condition, in the W3C profile of ISO 8601, whose years have
 * four digits (IAM User Guide, "Condition operators": Date condition operators,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html;
 * https://www.w3.org/TR/NOTE-datetime). A last day whose next midnight falls in the year 10000
 * (9999-12-31, written for "never", west of Greenwich) would put `+010000-01-01` in every grant.
 */
const endsInTime = (expires: string, timeZone: string) => /^\d{4}-/.test(accessEndInstant(expires, timeZone));

/** The latest last day whose access ends by the year 9999 in `timeZone`: 9999-12-30 ends in time in every zone. */
const latestDay = (timeZone: string) => (endsInTime("9999-12-31", timeZone) ? "9999-12-31" : "9999-12-30");

export const expiresDate: DatasetRule = {
  id: "expires-date",
  severity: "error",
  description:
    "`expires`, when given, is a day that exists, written `YYYY-MM-DD` (`2027-02-29`, `31/03/2027` and `2027` are refused): the last day of access. Access must end within the year 9999, which IAM's date conditions can hold (`9999-12-31` is refused where its next midnight is already in 10000).",
  check(file, { settings }) {
    const node = valueNode(file, "expires");
    if (node === undefined) return [];
    const text = isScalar(node) && typeof node.value === "string" ? node.value : undefined;
    if (text !== undefined && isCalendarDate(text)) {
      if (endsInTime(text, settings.timeZone)) return [];
      const latest = latestDay(settings.timeZone);
      const what = `expires must end access within the year 9999, which IAM's date conditions can hold (a last day of ${text} ends at midnight in ${settings.timeZone}, in the year 10000)`;
      const fix = `Write the day the paperwork ends or is reviewed, at the latest ${latest}, e.g. expires: ${latest}.`;
      return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
    }
    const what =
      text !== undefined && EXPIRES_DATE.test(text)
        ? "expires must be a day that exists"
        : "expires must be a date written YYYY-MM-DD";
    const fix = `Write the last day of access as year-month-day, e.g. expires: 2027-03-31 (a whole day in ${settings.timeZone}).`;
    return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
  },
};
