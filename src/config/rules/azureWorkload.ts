import type { DatasetRule } from "../dataset";
import type { Issue } from "../issue";
import { describe, message } from "../message";
import { ENTRA_AUDIENCE, GUID } from "../names";
import { checkMappingEntries } from "./mappingEntries";

const FIELDS = {
  tenant: "<tenant id, a GUID>",
  object_id: "<object id of the managed identity, a GUID>",
  audience: "api://<application ID URI of your app registration>",
};

const WHERE: Record<string, string> = {
  tenant:
    "Copy the Directory (tenant) ID from Microsoft Entra ID's overview page, or run: az account show --query tenantId",
  object_id:
    "Copy the Object (principal) ID from the managed identity's overview page, or, for an application, the Object ID of its enterprise application (service principal), not the application (client) id.",
  audience:
    "Write the Application ID URI (api://…) or the Application (client) ID of the app registration your workload asks its token for.",
};

/**
 * A Microsoft Entra ID workload is named by its tenant, its object id (what its tokens carry in
 * `sub`) and the audience it requests its tokens for; the GUIDs are in their usual lower-case form.
 */
export const azureWorkload: DatasetRule = {
  id: "azure-workload",
  severity: "error",
  description:
    "Each `azure_workloads` entry is a mapping with `tenant` and `object_id`, lower-case GUIDs (an upper-case or braced GUID gets the corrected form; a domain such as `contoso.onmicrosoft.com` is refused), and `audience`, the Application ID URI (`api://…`) or application (client) id the workload asks its token for. Keys other than these three are refused.",
  check(file) {
    if (file.kind !== "pull") return [];
    return checkMappingEntries(file, this.id, "azure_workloads", FIELDS, (fields) => {
      const issues: Issue[] = [];
      for (const [name, pattern] of [
        ["tenant", GUID],
        ["object_id", GUID],
        ["audience", ENTRA_AUDIENCE],
      ] as const) {
        const field = fields[name];
        const text = field?.value;
        if (text !== undefined && pattern.test(text)) continue;
        const lower = text
          ?.trim()
          .toLowerCase()
          .replace(/^\{|\}$/g, "");
        const fix = lower !== undefined && pattern.test(lower) ? `Write ${name}: ${lower}.` : (WHERE[name] ?? "");
        const what =
          name === "audience" ? "audience is an Application ID URI (api://…) or a client id" : `${name} is a GUID`;
        issues.push(file.source.issueAt(field?.node, this.id, "error", message(what, describe(field?.node), fix)));
      }
      return issues;
    });
  },
};
