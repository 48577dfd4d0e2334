import type { PullDataset, PushDataset } from "./dataset";
import type { Settings } from "./settings";

/** Everything the repository asks for: the settings and every valid dataset, sorted by name. */
export interface Config {
  settings: Settings;
  push: PushDataset[];
  pull: PullDataset[];
}
