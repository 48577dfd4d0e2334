import { createServer } from "node:net";

/** A port the platform listens on, and what for (named in messages). */
export interface PlatformPort {
  port: number;
  what: string;
}

/** Whether nothing listens on 127.0.0.1:`port`: tried by listening there for a moment. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The ports among `ports` that something already holds, checked before anything is started. */
export async function portsInUse(ports: readonly PlatformPort[]): Promise<PlatformPort[]> {
  const free = await Promise.all(ports.map((p) => portIsFree(p.port)));
  return ports.filter((_, i) => !free[i]);
}
