import type { Config } from "../../src/config/config";
import type { PullDataset, PushDataset } from "../../src/config/dataset";
import { DEFAULT_SETTINGS } from "../../src/config/settings";

/** Strings built to break out of Markdown, HTML, code, Mermaid or a terminal, one way each. */
export const HOSTILE = [
  "<!-- everything below is hidden",
  "line one\n<!--\nhidden block",
  "```\nunclosed fence",
  "~~~",
  "</code></pre><details><summary>nothing to see</summary>",
  "<script>alert(1)</script>",
  "[approve me](javascript:alert(1)) ![img](https://example.org/x.png)",
  "*emphasis* _under_ **bold** ~~strike~~",
  "# a heading\n---\n| a | b |\n|---|---|",
  "&lt;!-- an entity &amp; &#60;",
  "`` two backticks ` one",
  "\u202Eevil\u202C right-to-left override, \u2066isolate\u2069",
  "bell\u0007 escape\u001b[31mred\u001b[0m nul\u0000 c1\u0085 zero\u200Bwidth bom\uFEFF",
  '"]; click u1 "javascript:alert(1)"; A["',
  "end\nsubgraph x\n%%{init: {}}%%",
];

const source = { name: { line: 1, column: 1 }, users: {} };

/**
 * A config whose every free-text field is hostile. It bypasses validation on purpose: the report
 * must be safe whatever reaches it, not only what today's rules let through.
 */
export function hostileConfig(): Config {
  const push: PushDataset[] = HOSTILE.slice(0, 8).map((text, i) => ({
    kind: "push",
    name: `feed_${i}`,
    bucket: `receiving-bucket-${i}`,
    users: [`alpha_user_${text}`, `alpha_user_plain_${i}`],
    keepFiles: i % 2 === 0,
    paperwork: [text],
    file: `push_datasets/${text}.yaml`,
    source,
  }));
  const pull: PullDataset[] = HOSTILE.slice(8).map((text, i) => ({
    kind: "pull",
    name: `share_${i}`,
    bucket: `mojap-share-${i}`,
    pullArns: [`arn:aws:iam::11112222333${i}:role/reader-${i}`],
    // Validation refuses such e-mails and audiences; the report escapes them all the same.
    googleServiceAccounts: [{ id: `10000000000000000000${i}`, email: text }],
    azureWorkloads: [
      {
        tenant: "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
        objectId: `0000000${i}-0000-4000-8000-000000000000`,
        audience: text,
      },
    ],
    users: [`alpha_user_${text}`],
    allowPush: i % 2 === 1,
    bucketVersioning: false,
    paperwork: [text],
    file: `pull_datasets/${text}.yaml`,
    source,
  }));
  return { settings: DEFAULT_SETTINGS, push, pull };
}
