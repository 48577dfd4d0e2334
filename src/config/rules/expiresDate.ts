import { isScalar } from "yaml";
import { valueNode, type DatasetRule } from "../dataset";
import { EXPIRES_DATE, isCalendarDate } from "../expiry";
import { describe, message } from "../message";

export const expiresDate: DatasetRule = {
  id: "expires-date",
  severity: "error",
  description:
    "`expires`, when given, is a day that exists, written `YYYY-MM-DD` (`2027-02-29`, `31/03/2027` and `2027` are refused): the last day of access.",
  check(file, { settings }) {
    const node = valueNode(file, "expires");
    if (node === undefined) return [];
    const text = isScalar(node) && typeof node.value === "string" ? node.value : undefined;
    if (text !== undefined && isCalendarDate(text)) return [];
    const what =
      text !== undefined && EXPIRES_DATE.test(text)
        ? "expires must be a day that exists"
        : "expires must be a date written YYYY-MM-DD";
    const fix = `Write the last day of access as year-month-day, e.g. expires: 2027-03-31 (a whole day in ${settings.timeZone}).`;
    return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
  },
};
