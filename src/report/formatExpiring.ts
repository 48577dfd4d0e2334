import type { Settings } from "../config/settings";
import { markdownCell, visible } from "./escape";
import { NO_PAPERWORK } from "./planReport";
import type { ExpiringDataset } from "./expiringDatasets";

export const EXPIRING_FORMATS = ["text", "markdown", "json"] as const;
export type ExpiringFormat = (typeof EXPIRING_FORMATS)[number];

/** The first line of the pull request's body, by which the workflow finds its own pull request. */
export const EXPIRING_MARKER = "<!-- data-exports agreements ending -->";

const code = markdownCell;

const list = (items: readonly string[]) => (items.length ? items.map(code).join(", ") : "—");

function table(datasets: readonly ExpiringDataset[], timing: (d: ExpiringDataset) => string): string[] {
  return [
    "| dataset | file | last day | users | pull principals | paperwork |",
    "|---|---|---|---|---|---|",
    ...datasets.map(
      (d) =>
        `| ${d.kind} ${code(d.name)} | ${code(d.file)} | ${d.expires} (${timing(d)}) | ${list(d.users)} | ${list(d.pullArns)} | ${d.paperwork ? code(d.paperwork) : NO_PAPERWORK} |`,
    ),
  ];
}

function markdown(datasets: readonly ExpiringDataset[], settings: Settings, today: string): string {
  const expired = datasets.filter((d) => d.expired);
  const expiring = datasets.filter((d) => !d.expired);
  const out = [
    EXPIRING_MARKER,
    "### Data exports: agreements ending",
    "",
    `Checked on ${today} (${settings.timeZone}). Access to a dataset ends after the last day its file gives as \`expires\`: every grant stops on its own at that instant, whether or not anyone deploys.`,
  ];
  if (datasets.length === 0)
    out.push("", "No dataset's access ends within the next " + `${settings.expiryWarningDays} days.`);
  if (expired.length > 0) {
    out.push(
      "",
      `#### Ended: this pull request removes ${expired.length === 1 ? "its file" : "their files"}`,
      "",
      ...table(expired, (d) => `ended ${-d.daysLeft} day${d.daysLeft === -1 ? "" : "s"} ago`),
      "",
      "Merging revokes nothing more (access has already ended) and deletes no data: pull buckets, their objects and files already delivered stay where they are. Until these files go, `exports validate` reports them as errors.",
    );
  }
  if (expiring.length > 0) {
    out.push(
      "",
      `#### Ending within ${settings.expiryWarningDays} days`,
      "",
      ...table(expiring, (d) => (d.daysLeft === 0 ? "today is the last day" : `${d.daysLeft} days left`)),
      "",
      "To keep access, renew the paperwork, then change `expires:` in the dataset's file to the new last day, in a pull request of its own. Otherwise access ends on its own, and this pull request proposes removing the file the day after.",
    );
  }
  return out.join("\n") + "\n";
}

/** The same as the Markdown, for a person at a terminal: plain lines, file text made visible. */
function text(datasets: readonly ExpiringDataset[], settings: Settings, today: string): string {
  const line = (d: ExpiringDataset, timing: string) =>
    [
      `  ${d.kind} dataset ${visible(d.name)} (${visible(d.file)}): last day ${d.expires}, ${timing}`,
      `    users: ${d.users.map(visible).join(", ") || "none"}${d.pullArns.length ? `; pull principals: ${d.pullArns.map(visible).join(", ")}` : ""}`,
      `    paperwork: ${d.paperwork ? visible(d.paperwork) : "none given"}`,
    ].join("\n");
  const expired = datasets.filter((d) => d.expired);
  const expiring = datasets.filter((d) => !d.expired);
  const out = [`Agreements ending, checked on ${today} (${settings.timeZone}).`];
  if (datasets.length === 0) out.push(`No dataset's access ends within the next ${settings.expiryWarningDays} days.`);
  if (expired.length > 0)
    out.push(
      "",
      "Ended (access has already ended; remove the file, or renew the paperwork and change expires):",
      ...expired.map((d) => line(d, `ended ${-d.daysLeft} day${d.daysLeft === -1 ? "" : "s"} ago`)),
    );
  if (expiring.length > 0)
    out.push(
      "",
      `Ending within ${settings.expiryWarningDays} days (to keep access, renew the paperwork, then change expires in the file):`,
      ...expiring.map((d) => line(d, d.daysLeft === 0 ? "today is the last day" : `${d.daysLeft} days left`)),
    );
  return out.join("\n") + "\n";
}

function json(datasets: readonly ExpiringDataset[], settings: Settings, today: string): string {
  return (
    JSON.stringify(
      {
        today,
        timeZone: settings.timeZone,
        windowDays: settings.expiryWarningDays,
        expired: datasets.filter((d) => d.expired),
        expiring: datasets.filter((d) => !d.expired),
      },
      null,
      2,
    ) + "\n"
  );
}

/** The datasets whose agreements end, for a terminal (text), the daily pull request (Markdown) or tools (JSON). */
export function formatExpiring(
  datasets: readonly ExpiringDataset[],
  settings: Settings,
  today: string,
  format: ExpiringFormat,
): string {
  return { text, markdown, json }[format](datasets, settings, today);
}
