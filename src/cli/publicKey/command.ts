import { readFile } from "node:fs/promises";
import { localPublicKeyPath, localStateDir } from "../../local/stateDir";
import type { Output } from "../output";

/**
 * `exports public-key`: with --local, the key the local platform made at start. On AWS the key is
 * the KMS signing key's public half, published in docs/receiving-teams.md by the operators
 * (`aws kms get-public-key`, docs/operators.md): reading it here needs the KMS client, which the
 * mover's signing on AWS will bring (decision 0018, "Not yet").
 */
export async function publicKeyCommand(options: { local: boolean; port: string }, out: Output): Promise<number> {
  if (!options.local) {
    out.stderr(
      "exports public-key: on AWS the key is published in docs/receiving-teams.md (operators fetch it with aws kms get-public-key, docs/operators.md); for the local platform: exports public-key --local\n",
    );
    return 2;
  }
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    out.stderr(
      `exports public-key: --port must be the port the local platform was started with, e.g. --port 7480; found ${JSON.stringify(options.port)}\n`,
    );
    return 2;
  }
  const file = localPublicKeyPath(localStateDir(port));
  const pem = await readFile(file, "utf8").catch(() => undefined);
  if (!pem) {
    out.stderr(`exports public-key: no key at ${file}: start the local platform first (npm start)\n`);
    return 2;
  }
  out.stdout(pem);
  return 0;
}
