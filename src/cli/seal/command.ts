import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SEAL_NAME } from "../../mover/batchNames";
import { sealBody, type Seal } from "../../custody/seal";
import { visible } from "../../report/escape";
import { loadPlan } from "../loadPlan";
import type { Output } from "../output";
import { s3Failure } from "../s3Failure";

export interface SealOptions {
  from?: string;
  by?: string;
  endpointUrl?: string;
  root: string;
}

/** The batch folder as a prefix under the dataset's (`2026/b1/`), or what is wrong with it. */
export function batchFolder(batch: string): { folder: string } | { error: string } {
  const folder = batch.endsWith("/") ? batch : `${batch}/`;
  const parts = folder.slice(0, -1).split("/");
  if (batch === "" || batch.startsWith("/") || parts.some((p) => p === "" || p === "." || p === ".."))
    return {
      error: `the batch must be a folder under the dataset's, like 2026-12-07 or monthly/2026-12; found ${JSON.stringify(visible(batch))}`,
    };
  return { folder };
}

/** Every file under `dir`, by its path relative to it with `/` separators, and its size. */
async function filesUnder(dir: string): Promise<{ key: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile());
  const out = await Promise.all(
    files.map(async (e) => {
      const path = join(e.parentPath, e.name);
      return { key: relative(dir, path).split(sep).join("/"), size: (await stat(path)).size };
    }),
  );
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * `exports seal`: writes the batch's seal with the requester's own credentials, which may write
 * under their dataset's folder and nothing more (no list, no read): the same PutObject as the
 * files. With --from the seal lists the local folder's files; without it, it seals whatever is
 * under the batch's folder when the mover looks.
 */
export async function sealCommand(dataset: string, batch: string, options: SealOptions, out: Output): Promise<number> {
  const folder = batchFolder(batch);
  if ("error" in folder) {
    out.stderr(`exports seal: ${folder.error}\n`);
    return 2;
  }
  const loaded = await loadPlan("seal", options.root, out);
  if ("code" in loaded) return loaded.code;
  const names = loaded.plan.push.map((p) => p.dataset.name);
  if (!names.includes(dataset)) {
    out.stderr(
      `exports seal: there is no push dataset named ${JSON.stringify(visible(dataset))}; the push datasets are: ${names.join(", ") || "(none)"}.\n`,
    );
    return 2;
  }
  let files: Seal["files"];
  if (options.from) {
    files = await filesUnder(options.from).catch(() => undefined);
    if (!files || files.length === 0) {
      out.stderr(
        `exports seal: --from ${JSON.stringify(visible(options.from))} is not a folder with files in it; give the folder you uploaded the batch from\n`,
      );
      return 2;
    }
  }
  const bucket = loaded.plan.settings.exportBucket;
  const key = `${dataset}/${folder.folder}${SEAL_NAME}`;
  const seal: Seal = { ...(options.by ? { sealedBy: options.by } : {}), ...(files ? { files } : {}) };
  const s3 = new S3Client(
    options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true, region: "us-east-1" } : {},
  );
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: sealBody(seal), ContentType: "application/json" }),
    );
  } catch (error) {
    const place = { bucket, ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}) };
    const advice = "Seal with the credentials you uploaded the batch with.";
    out.stderr(`exports seal: could not write s3://${bucket}/${visible(key)}: ${s3Failure(error, place, advice)}\n`);
    return 2;
  }
  out.stdout(
    `Sealed s3://${bucket}/${visible(key)}${files ? ` (${files.length} file${files.length === 1 ? "" : "s"})` : " (every file under the folder when the mover checks the seal, in seconds: a folder still empty then is not sealed, and you are told)"}. The manifest is written once every file has arrived: npx exports status ${dataset}\n`,
  );
  return 0;
}
