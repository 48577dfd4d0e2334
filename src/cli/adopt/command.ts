import { writeFile } from "node:fs/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../infra/app";
import { ADOPTING_CONTEXT } from "../../infra/adopting";
import { importMappings, type ResourceMapping, type Template } from "../../infra/importMappings";
import type { Plan } from "../../plan/plan";
import { writeFolderAtomically } from "../atomicOutput";
import { loadPlan } from "../loadPlan";
import type { Output } from "../output";

export interface AdoptOptions {
  root: string;
  out: string;
}

/** The resource mapping of each stack for adopting what the plan names, from the templates `cdk import` will see. */
export function adoptionMappings(plan: Plan): Map<string, ResourceMapping> {
  const outdir = mkdtempSync(join(tmpdir(), "exports-adopt-"));
  try {
    const assembly = buildApp(plan, { outdir, bundle: false, adopting: true }).synth();
    return importMappings(assembly.stacks.map((s) => ({ name: s.stackName, template: s.template as Template })));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * `exports adopt`: for moving from the old deployment, one `cdk import` resource-mapping file per
 * stack, naming every bucket, bucket policy and mover role the plan has, and the commands to run
 * (docs/operators.md, "Moving from the old deployment").
 */
export async function adoptCommand(options: AdoptOptions, out: Output): Promise<number> {
  const loaded = await loadPlan("adopt", options.root, out);
  if ("code" in loaded) return loaded.code;
  const mappings = adoptionMappings(loaded.plan);
  await writeFolderAtomically(options.out, async (folder) => {
    for (const [stack, mapping] of mappings)
      await writeFile(join(folder, `${stack}.json`), `${JSON.stringify(mapping, null, 2)}\n`);
  });
  const count = [...mappings.values()].reduce((n, m) => n + Object.keys(m).length, 0);
  out.stdout(`Wrote ${mappings.size} resource mappings (${count} resources) into ${options.out}. Import each stack:\n`);
  for (const stack of mappings.keys())
    out.stdout(
      `  npx cdk import ${stack} -c ${ADOPTING_CONTEXT}=true --resource-mapping ${join(options.out, `${stack}.json`)}\n`,
    );
  out.stdout("then deploy everything: npx cdk deploy --all --concurrency 8 --import-existing-resources\n");
  return 0;
}
