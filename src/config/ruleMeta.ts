/**
 * What every check says of itself, beside the code that reports it (as eslint's `meta`): the id its
 * findings carry, and its row of docs/rules.md. The registry (`src/cli/validate/rules.ts`) lists
 * every one, and a test holds docs/rules.md to it.
 */
export interface RuleMeta {
  /** The id every finding of this check carries (`Issue.rule`), and its docs/rules.md row's name. */
  readonly id: string;
  /** As the severity column of docs/rules.md reads: `error`, `warning`, or which one when. */
  readonly severity: string;
  /** docs/rules.md's "what it checks", Markdown on one line. */
  readonly description: string;
}
