/**
 * The local platform's port as `--port` gives it: decimal digits, 1 to 65535, or undefined. Read
 * strictly, so `0x1F90`, `1e3` or `abc` are refused with what was given rather than read as another
 * port (8080, 1000) or as none at all.
 */
export function localPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** What a command says of a `--port` it cannot read. */
export const localPortError = (text: string) =>
  `--port must be the port the local platform was started with, e.g. --port 7480; found ${JSON.stringify(text)}`;

/** The port `npm start` and the commands' --port take when none is given. */
export const DEFAULT_LOCAL_PORT = 7480;

/** How to start the local platform on `port`: what a command says when nothing is there. */
export const startLocalPlatform = (port: number) =>
  port === DEFAULT_LOCAL_PORT ? "npm start" : `npm start -- --port ${port}, or npx exports dev --port ${port}`;
