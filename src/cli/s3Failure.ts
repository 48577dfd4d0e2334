import { visible } from "../report/escape";

/** Node's network error codes that mean nothing answered at the endpoint. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN"]);

/** Where a command's S3 call went. */
export interface S3Place {
  bucket: string;
  /** The endpoint the command was given (--endpoint-url, the local platform's); AWS's own without it. */
  endpoint?: string;
  /** What to do when nothing answers at the endpoint, where the command knows better (the local platform's port). */
  unreachable?: string;
}

/**
 * Why an S3 call of a command failed, in one line with what to do: nothing answered at the
 * endpoint (not a question of credentials); the bucket does not exist (S3's NoSuchBucket, 404:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); otherwise S3's code and
 * message, then `otherwise`, the command's own advice (which credentials, which grants).
 */
export function s3Failure(error: unknown, place: S3Place, otherwise: string): string {
  const field = (name: string): unknown =>
    typeof error === "object" && error !== null ? Reflect.get(error, name) : undefined;
  const [name, message, code] = [field("name"), field("message"), field("code")];
  if (typeof code === "string" && UNREACHABLE.has(code)) {
    const fix =
      place.unreachable ??
      (place.endpoint
        ? "Check --endpoint-url; for the local platform, that it is running and the port is the one it printed."
        : "Check your network connection and the region.");
    return `nothing answers at ${place.endpoint ?? "S3"} (${code}). ${fix}`;
  }
  if (name === "NoSuchBucket")
    return `the bucket ${visible(place.bucket)} does not exist${place.endpoint ? ` at ${place.endpoint}` : ""} (NoSuchBucket): check its name.`;
  const said = `${typeof name === "string" ? name : "Error"}: ${typeof message === "string" ? message : String(error)}`;
  return `${visible(said)}. ${otherwise}`;
}
