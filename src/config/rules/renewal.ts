import type { Dataset } from "../dataset";
import { quote } from "../message";

/** How to renew a dataset's access: the paperwork to renew and the line to change. */
export function renewal(dataset: Dataset): string {
  const paperwork = dataset.paperwork
    ? `renew the paperwork ${dataset.paperwork.map((p) => quote(p)).join(", ")}`
    : "get the data sharing agreement or DPIA renewed and add it as paperwork";
  const line = dataset.source.expires?.line;
  return `To keep access, ${paperwork}, then change expires on line ${line ?? "?"} of ${dataset.file} to the new last day.`;
}
