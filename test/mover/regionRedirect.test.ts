import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetClients } from "../../src/mover/datasetClients";
import { MOVER_S3_CONFIG } from "../../src/mover/lambda/clientConfig";
import { TEST_PORTS, slotPort } from "../ports";

// S3 answers a request signed for the wrong region with 301 PermanentRedirect and the bucket's
// region in x-amz-bucket-region. This endpoint does the same, so the real SDK, configured as the
// Lambda configures it, is seen to follow.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
const BUCKET_REGION = "eu-west-2";
let server: Server;
let endpoint: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const region = /Credential=[^/]+\/\d+\/([^/]+)\/s3\//.exec(request.headers.authorization ?? "")?.[1] ?? "";
    seen.push(region);
    if (region !== BUCKET_REGION) {
      response.writeHead(301, { "x-amz-bucket-region": BUCKET_REGION, "content-type": "application/xml" });
      response.end(
        "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>",
      );
      return;
    }
    response.writeHead(200, { "content-type": "application/xml" });
    response.end("<ListVersionsResult><Name>target</Name><IsTruncated>false</IsTruncated></ListVersionsResult>");
  });
  // A port of this worker's own, from the table the engine tests take theirs from.
  const port = slotPort(TEST_PORTS["test/mover/regionRedirect.test.ts"].endpoint);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a target bucket in another region", () => {
  it("is reached: the mover's clients follow S3's PermanentRedirect to the bucket's region", async () => {
    const routes = new Map([["ds", { name: "ds", targetBucket: "target", keepFiles: false, roleArn: "r" }]]);
    const s3For = datasetClients(routes, () => async () => ({ accessKeyId: "AK", secretAccessKey: "s" }), {
      ...MOVER_S3_CONFIG,
      region: "eu-west-1",
      endpoint,
      forcePathStyle: true,
    });
    const out = await s3For("ds").send(new ListObjectVersionsCommand({ Bucket: "target", Prefix: "ds/" }));
    expect(out.IsTruncated).toBe(false);
    expect(seen).toEqual(["eu-west-1", BUCKET_REGION]);
  });
});
