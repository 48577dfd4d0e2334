import { rm } from "node:fs/promises";
import { join } from "node:path";
import { todayIn } from "../../config/expiry";
import { loadConfig } from "../../config/loadConfig";
import { SETTINGS_FILE } from "../../config/settings";
import { expiringDatasets } from "../../report/expiringDatasets";
import { formatExpiring, type ExpiringFormat } from "../../report/formatExpiring";
import { datasetRoot } from "../loadPlan";
import type { Output } from "../output";

export interface ExpiringOptions {
  root: string;
  format: ExpiringFormat;
  /** Delete the files of datasets whose access has ended: the removal the daily pull request proposes. */
  removeExpired: boolean;
  now: Date;
}

/**
 * `exports expiring`: the datasets whose access ends within the warning window or has ended, with
 * their users and paperwork; with --remove-expired, also deletes the ended ones' files. 0 when it
 * could judge the datasets, 1 when the settings have errors, 2 for a wrong root.
 */
export async function expiringCommand(options: ExpiringOptions, out: Output): Promise<number> {
  const root = await datasetRoot("expiring", options.root, out);
  if (!root) return 2;
  const { value: config, errors } = await loadConfig(root);
  if (errors.some((e) => e.file === SETTINGS_FILE)) {
    out.stderr(`exports expiring: ${SETTINGS_FILE} has errors; run npx exports validate.\n`);
    return 1;
  }
  const datasets = expiringDatasets(config, options.now);
  if (options.removeExpired) {
    for (const d of datasets.filter((e) => e.expired)) await rm(join(root, d.file));
  }
  const today = todayIn(config.settings.timeZone, options.now);
  out.stdout(formatExpiring(datasets, config.settings, today, options.format));
  return 0;
}
