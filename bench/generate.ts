import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes `count` valid dataset files (half push, half pull, realistic sizes) into a new folder. */
export async function generateRepository(count: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `exports-bench-${count}-`));
  await mkdir(join(root, "push_datasets"));
  await mkdir(join(root, "pull_datasets"));
  const users = (i: number) => Array.from({ length: 5 }, (_, u) => `  - alpha_user_person_${(i * 7 + u) % 2000}`).join("\n");
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const name = `dataset_${String(i).padStart(4, "0")}`;
      const text =
        i % 2 === 0
          ? `# yaml-language-server: $schema=../schemas/push-dataset.schema.json\nname: ${name}\nbucket: receiving-bucket-${i}\nusers:\n${users(i)}\nkeep_files: ${i % 4 === 0}\npaperwork: https://example.org/dpia/${i}\n`
          : `# yaml-language-server: $schema=../schemas/pull-dataset.schema.json\nname: ${name}\npull_arns:\n  - arn:aws:iam::${String(100000000000 + i)}:role/reader-${i}\nusers:\n${users(i)}\nallow_push: ${i % 3 === 0}\nbucket_versioning: true\n`;
      return writeFile(join(root, i % 2 === 0 ? "push_datasets" : "pull_datasets", `${name}.yaml`), text);
    }),
  );
  return root;
}
