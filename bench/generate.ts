import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatasetText } from "../src/config/dataset";

/**
 * Valid dataset files: `push` push and `pull` pull datasets with five users each, drawn in turn
 * from `users` platform users, every option used. Deterministic, so runs compare.
 */
export function generateTexts(push: number, pull: number, users = 2000): DatasetText[] {
  let next = 0;
  const someUsers = () =>
    Array.from({ length: 5 }, () => `  - alpha_user_person_${String(next++ % users).padStart(4, "0")}`).join("\n");
  const pushTexts = Array.from({ length: push }, (_, i): DatasetText => {
    const name = `push_dataset_${String(i).padStart(4, "0")}`;
    const text = `# yaml-language-server: $schema=../schemas/push-dataset.schema.json\nname: ${name}\nbucket: receiving-bucket-${i % 50}\nusers:\n${someUsers()}\nkeep_files: ${i % 4 === 0}\npaperwork: https://example.org/dpia/${i}\n`;
    return { kind: "push", path: `push_datasets/${name}.yaml`, text };
  });
  const pullTexts = Array.from({ length: pull }, (_, i): DatasetText => {
    const name = `pull_dataset_${String(i).padStart(4, "0")}`;
    const account = String(100000000000 + (i % 40));
    const text = `# yaml-language-server: $schema=../schemas/pull-dataset.schema.json\nname: ${name}\npull_arns:\n  - arn:aws:iam::${account}:role/reader-${i}\n  - arn:aws:iam::${account}:role/team/auditor\nusers:\n${someUsers()}\nallow_push: ${i % 3 === 0}\nbucket_versioning: ${i % 2 === 0}\n`;
    return { kind: "pull", path: `pull_datasets/${name}.yaml`, text };
  });
  return [...pushTexts, ...pullTexts];
}

/** Writes `count` generated dataset files (half push, half pull) into a new folder and returns it. */
export async function generateRepository(count: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `exports-bench-${count}-`));
  await mkdir(join(root, "push_datasets"));
  await mkdir(join(root, "pull_datasets"));
  const texts = generateTexts(Math.ceil(count / 2), Math.floor(count / 2), 2000);
  await Promise.all(texts.map((t) => writeFile(join(root, t.path), t.text)));
  return root;
}
