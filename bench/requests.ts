import type { S3Client } from "@aws-sdk/client-s3";

/** S3 requests by kind (the API's operation name), as sent over HTTP: a retry counts again. */
export type RequestCounts = Record<string, number>;

/**
 * Counts every HTTP request `s3` sends, by operation. The middleware sits in the deserialize
 * step, which runs once per attempt (the retry strategy wraps it), so retries count too.
 */
export function countRequests(s3: S3Client): { readonly counts: RequestCounts; reset(): void } {
  const counts = new Map<string, number>();
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? "Unknown").replace(/Command$/, "");
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "deserialize", name: "benchRequestCounter" },
  );
  return {
    get counts() {
      return Object.fromEntries(counts);
    },
    reset: () => counts.clear(),
  };
}

/** What an S3 request line and its headers are, named as the API names the operation. */
function kindOf(method: string, path: string, copySource: boolean): string {
  const [route = "", query = ""] = path.split("?");
  const q = new URLSearchParams(query);
  const objectPath = route.split("/").filter(Boolean).length > 1;
  if (method === "GET" && q.has("versions")) return "ListObjectVersions";
  if (method === "GET" && q.get("list-type") === "2") return "ListObjectsV2";
  if (method === "GET" && !objectPath) return "ListObjects";
  if (method === "GET") return "GetObject";
  if (method === "HEAD") return objectPath ? "HeadObject" : "HeadBucket";
  if (method === "PUT" && copySource) return q.has("partNumber") ? "UploadPartCopy" : "CopyObject";
  if (method === "PUT") return q.has("partNumber") ? "UploadPart" : objectPath ? "PutObject" : "CreateBucket";
  if (method === "POST" && q.has("delete")) return "DeleteObjects";
  if (method === "POST" && q.has("uploads")) return "CreateMultipartUpload";
  if (method === "POST" && q.has("uploadId")) return "CompleteMultipartUpload";
  if (method === "DELETE") return q.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  return `${method} other`;
}

/**
 * The S3 requests in rclone's `--dump headers` log, by kind. Each request is logged as an
 * "HTTP REQUEST" banner, then its request line, then its headers.
 */
export function rcloneRequests(log: string): RequestCounts {
  const counts: RequestCounts = {};
  const lines = log.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.includes("HTTP REQUEST")) continue;
    const request = /\b(GET|PUT|POST|HEAD|DELETE) (\S+) HTTP\/1\.1/.exec(lines[i + 1] ?? "");
    if (!request) continue;
    let copySource = false;
    for (let j = i + 2; j < lines.length && !/HTTP (REQUEST|RESPONSE)|>>>>>>|<<<<<</.test(lines[j] ?? ""); j++)
      if (/^x-amz-copy-source:/i.test(lines[j] ?? "")) copySource = true;
    const kind = kindOf(request[1] ?? "", request[2] ?? "", copySource);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Counts per object, by kind, and their total. */
export function perObject(counts: RequestCounts, objects: number): { byKind: Record<string, number>; total: number } {
  const byKind = Object.fromEntries(
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => [k, n / objects]),
  );
  return { byKind, total: Object.values(counts).reduce((a, b) => a + b, 0) / objects };
}
