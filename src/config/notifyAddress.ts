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

/** True when `text` is an e-mail address SNS can subscribe and the schema accepts. */
export const isNotifyAddress = (text: string): boolean => EMAIL.safeParse(text).success;
