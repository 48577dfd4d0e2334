import { isScalar } from "yaml";
import { listItems, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

export const userName: DatasetRule = {
  id: "user-name",
  description: "Each user is a platform user name matching the settings' user_name_pattern.",
  check(file, { settings }) {
    const pattern = settings.userNamePattern;
    // The pattern's literal start (alpha_user_ by default) lets a message offer the corrected name.
    const prefix = /^\^([a-z0-9_-]+)/.exec(pattern.source)?.[1] ?? "";
    return listItems(file, "users").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value === "string" && pattern.test(value)) return [];
      const text = typeof value === "string" || typeof value === "number" ? String(value).trim().toLowerCase() : "";
      const candidate = [text, `${prefix}${text}`].find((c) => c !== "" && pattern.test(c));
      const fix = candidate ? `Write ${candidate}.` : `Platform user names match ${pattern.source}.`;
      return [
        file.source.issueAt(node, this.id, "error", message("users lists platform user names", describe(node), fix)),
      ];
    });
  },
};
