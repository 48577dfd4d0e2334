import * as z from "zod";

/** The most addresses one dataset file may name: each is one SNS subscription in a notify stack (decision 0010). */
export const NOTIFY_MAX = 5;

/** SMTP's limit on a forward path (RFC 5321, 4.5.3.1.3), so the longest address anyone can receive mail at. */
export const EMAIL_MAX = 254;

// Zod's e-mail pattern: a practical subset of RFC 5322 (no quoted local parts, no IP-literal
// domains) that every address a team really uses fits; the JSON Schema carries the same pattern.
const EMAIL = z.email().max(EMAIL_MAX);

/** The shape of one `notify:` entry, for the schema. */
export const notifyAddressSchema = EMAIL;

/**
 * SMTP's limits on an address's parts: at most 64 characters before the @ (RFC 5321, 4.5.3.1.1)
 * and 63 in each label of the domain (RFC 1035, 2.3.4). An address past them can receive no mail,
 * so its subscription could never be confirmed.
 */
export const EMAIL_LOCAL_MAX = 64;
export const EMAIL_LABEL_MAX = 63;

/** Why an address that has an e-mail's form cannot receive mail, or undefined when it can. */
export function emailPartProblem(text: string): string | undefined {
  const at = text.lastIndexOf("@");
  if (at > EMAIL_LOCAL_MAX) return `the part before @ is at most ${EMAIL_LOCAL_MAX} characters, and this one has ${at}`;
  const label = text
    .slice(at + 1)
    .split(".")
    .find((l) => l.length > EMAIL_LABEL_MAX);
  return label === undefined
    ? undefined
    : `each part of the domain is at most ${EMAIL_LABEL_MAX} characters, and one has ${label.length}`;
}

/** True when `text` is an e-mail address SNS can subscribe, the schema accepts and mail can reach. */
export const isNotifyAddress = (text: string): boolean =>
  EMAIL.safeParse(text).success && emailPartProblem(text) === undefined;
