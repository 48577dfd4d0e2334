import { join } from "node:path";

/** The state folder of the local platform started with `exports dev --port <port>`: the engine's files and the delivery log. */
export const localStateDir = (port: number) => join(process.env.TMPDIR ?? "/tmp", `data-exports-dev-${port}`);

/** Where the local platform writes its signing key's public half, for receiving teams' `exports verify`. */
export const localPublicKeyPath = (dir: string) => join(dir, "data-exports-public-key.pem");
