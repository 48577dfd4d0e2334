import { isScalar, isSeq, type ParsedNode } from "yaml";
import { entry, valueNode, type DatasetRule } from "../dataset";
import { describe, message, quote } from "../message";
import { EMAIL_MAX, NOTIFY_MAX, emailPartProblem, isNotifyAddress } from "../notifyAddress";

// One line, so that a message holding it stays one line.
const EXAMPLE = "notify: [data-team@example.org]";

/**
 * `notify:` names the e-mail addresses told of the dataset's failed deliveries (and, with
 * `notify_deliveries: true`, of every delivery). Each becomes an SNS e-mail subscription.
 */
export const notify: DatasetRule = {
  id: "notify",
  severity: "error",
  description:
    "`notify`, when given (push only), is a list of one to five e-mail addresses (`data-team@example.org`: no display name, no angle brackets, at most 254 characters, 64 before the @ and 63 in each part of the domain, as SMTP delivers), none listed twice whatever its case. Each address is subscribed to the dataset's notice topic and told of every file that fails to arrive; with `notify_deliveries: true` also of every file that arrives. `notify_deliveries` without `notify` is an error. Five keeps a notify stack within CloudFormation's limits (decision 0010); name a team list for more people.",
  check(file) {
    if (file.kind !== "push") return [];
    const node = valueNode(file, "notify");
    const report = (at: ParsedNode | null, what: string, found: string, fix: string) =>
      file.source.issueAt(at, this.id, "error", message(what, found, fix));
    if (node === undefined) {
      const deliveries = entry(file, "notify_deliveries");
      if (!deliveries) return [];
      return [
        report(
          deliveries.value,
          "notify_deliveries says who hears of each delivery, but no notify: addresses are given",
          describe(deliveries.value),
          `Add the addresses, e.g. ${EXAMPLE}, or remove notify_deliveries.`,
        ),
      ];
    }
    if (isScalar(node) && typeof node.value === "string" && isNotifyAddress(node.value))
      return [
        report(node, "notify is a list of addresses, even of one", describe(node), `Write notify: [${node.value}].`),
      ];
    if (!isSeq(node) || node.items.length === 0)
      return [report(node, "notify is a list of e-mail addresses", describe(node), `Write it as ${EXAMPLE}.`)];
    const issues = [];
    const items = node.items;
    if (items.length > NOTIFY_MAX)
      issues.push(
        report(
          items[NOTIFY_MAX] ?? node,
          `notify lists at most ${NOTIFY_MAX} addresses (each is one subscription to the dataset's topic)`,
          `${items.length} addresses`,
          "Name a team mailing list instead of its members.",
        ),
      );
    const seen = new Set<string>();
    for (const item of items) {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value !== "string" || !isNotifyAddress(value)) {
        const long = typeof value === "string" && value.length > EMAIL_MAX;
        const part = typeof value === "string" ? emailPartProblem(value) : undefined;
        issues.push(
          report(
            item,
            long
              ? `an e-mail address is at most ${EMAIL_MAX} characters`
              : part
                ? `this address cannot receive mail: ${part}`
                : "each notify entry is an e-mail address",
            describe(item),
            "Write an address such as data-team@example.org, without a name or angle brackets.",
          ),
        );
        continue;
      }
      // Mail systems treat the domain, and in practice the whole address, without regard to case.
      const folded = value.toLowerCase();
      if (seen.has(folded))
        issues.push(report(item, "notify lists the same address twice", quote(value), "Remove this line."));
      seen.add(folded);
    }
    return issues;
  },
};
