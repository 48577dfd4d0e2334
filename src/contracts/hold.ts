/**
 * Why a file is held, as a short code: the value of its `data-exports-held` tag (decision 0016)
 * and the delivery event's code. Object tag values allow letters, digits, spaces and `+ - = . _ : / @`
 * (S3 user guide, "Categorizing your storage using tags"), which these keep to.
 */
export type HoldCode =
  | "no-entry"
  | "too-large"
  | "other-format"
  | "unreadable"
  | "format-not-allowed"
  | "extra-column"
  | "missing-column"
  | "repeated-column";

/** A file that may not leave: why, in the requester's words, and what to do, itself a valid action. */
export interface Hold {
  readonly verdict: "hold";
  readonly code: HoldCode;
  readonly problem: string;
  readonly fix: string;
}

/** A hold, from its code, its problem and its fix. */
export const hold = (code: HoldCode, problem: string, fix: string): Hold => ({ verdict: "hold", code, problem, fix });
