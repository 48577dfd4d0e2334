import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { s3Failure } from "../../src/cli/s3Failure";
import { localSigner, readPublicKey } from "../../src/custody/signer";
import { verifyBatch } from "../../src/custody/verifyBatch";
import { FakeS3, s3Error } from "../mover/fakeS3";
import { REPO as root } from "../synth";
import { runCli } from "./runCli";

/** A port nothing listens on: one the system gave out, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });

describe("an S3 call that fails, in a command's words", () => {
  it.each([
    {
      name: "nothing answers at the endpoint: no word of credentials",
      error: refused,
      endpoint: "http://127.0.0.1:1",
      said: /^nothing answers at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)\. Check --endpoint-url/,
    },
    {
      name: "the bucket does not exist: its name",
      error: s3Error("NoSuchBucket", 404),
      endpoint: undefined,
      said: /^the bucket b does not exist \(NoSuchBucket\): check its name\.$/,
    },
    {
      name: "anything else: S3's code and message, then the command's advice",
      error: s3Error("AccessDenied", 403),
      endpoint: undefined,
      said: /^AccessDenied: .*\. Check your grants\.$/,
    },
  ])("$name", ({ error, endpoint, said }) => {
    expect(s3Failure(error, { bucket: "b", ...(endpoint ? { endpoint } : {}) }, "Check your grants.")).toMatch(said);
  });

  it("shows control characters of S3's message by code point", () => {
    const error = Object.assign(new Error("bad\u001b[2Jkey"), { name: "InvalidArgument" });
    expect(s3Failure(error, { bucket: "b" }, "")).toContain("bad<U+001B>[2Jkey");
  });
});

describe("commands when S3 cannot be reached or the bucket is not there", () => {
  afterEach(() => void vi.unstubAllEnvs());

  it("exports verify: a receiving bucket that does not exist could not be checked (exit 2), not 'no manifest'", async () => {
    const s3 = new FakeS3().bucket("other");
    const signer = localSigner();
    const key = readPublicKey(await signer.publicKeyPem(), "k").key;
    if (!key) throw new Error("no key");
    await expect(verifyBatch(s3.client(), "missing-bucket", "ds/b1/", key)).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
  });

  it("exports verify, seal and status --history --local name the endpoint that does not answer and what to do", async () => {
    // Credentials as a requester or receiving team has them: the call is made, and nothing answers.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKTESTEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test-secret");
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const pem = join(mkdtempSync(join(tmpdir(), "exports-key-")), "key.pem");
    writeFileSync(pem, await localSigner().publicKeyPem());
    const verify = await runCli(["verify", "s3://ds-target/ds/b1/", "--public-key", pem, "--endpoint-url", endpoint]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain(`nothing answers at ${endpoint} (ECONNREFUSED)`);
    expect(verify.stderr).not.toContain("credentials");
    const seal = await runCli(["seal", "court_listings_weekly", "b1", "--root", root, "--endpoint-url", endpoint]);
    expect(seal.code).toBe(2);
    expect(seal.stderr).toContain(`nothing answers at ${endpoint} (ECONNREFUSED)`);
    expect(seal.stderr).not.toContain("credentials you uploaded");
    const history = await runCli([
      "status",
      "court_listings_weekly",
      "--root",
      root,
      "--history",
      "--from",
      "2026-12-01",
      "--local",
      "--port",
      String(port),
    ]);
    expect(history.code).toBe(1);
    expect(history.stderr).toContain(`nothing answers at ${endpoint} (ECONNREFUSED)`);
    expect(history.stderr).toContain(`npm start -- --port ${port}`);
  }, 60_000);
});
