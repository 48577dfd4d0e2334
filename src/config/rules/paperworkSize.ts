import type { DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { paperworkEntries } from "./paperwork";

/** Longest paperwork entry: a long address or a sentence of reference fits; a pasted document does not. */
export const PAPERWORK_ENTRY_MAX = 1000;
/** Most paperwork entries per dataset: several documents is normal, a flood that buries the plan is not. */
export const PAPERWORK_ENTRIES_MAX = 20;

/**
 * Every paperwork entry reaches the plan a reviewer reads, beside the grants: kept short, so a
 * file cannot bury what it grants under text.
 */
export const paperworkSize: DatasetRule = {
  id: "paperwork-size",
  severity: "error",
  description:
    "Paperwork is at most 20 entries of at most 1,000 characters each: references and links, not the documents, so no file can bury its grants in the plan under text.",
  check(file) {
    const entries = paperworkEntries(file);
    const tooLong = entries
      .filter(({ text }) => text.length > PAPERWORK_ENTRY_MAX)
      .map(({ node, text }) => {
        const what = `a paperwork entry is at most ${PAPERWORK_ENTRY_MAX} characters, and this one has ${text.length}`;
        const fix = "Write a link to the document or its reference (DPIA reference no. 5468), not its text.";
        return file.source.issueAt(node, this.id, "error", message(what, quote(text), fix));
      });
    const extra = entries[PAPERWORK_ENTRIES_MAX];
    if (!extra) return tooLong;
    const what = `paperwork lists at most ${PAPERWORK_ENTRIES_MAX} documents, and this file lists ${entries.length}`;
    const fix = "Link one page that lists the documents, or keep the ones that allow this export.";
    return [...tooLong, file.source.issueAt(extra.node, this.id, "error", message(what, quote(extra.text), fix))];
  },
};
