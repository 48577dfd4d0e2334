/** Why the local platform did not start, in one line a person can act on; nothing was changed. */
export class PlatformStartError extends Error {
  override name = "PlatformStartError";
}

/** A port the platform needs is taken, by another program or another instance. */
export class PortInUseError extends PlatformStartError {
  override name = "PortInUseError";
  constructor(
    readonly port: number,
    readonly what: string,
  ) {
    super(`port ${port} (${what}) is in use by another program`);
  }
}

/** Another instance is running from the same folder (the same ports). */
export class AlreadyRunningError extends PlatformStartError {
  override name = "AlreadyRunningError";
  constructor(
    readonly pid: number,
    readonly port: number,
  ) {
    super(`a local platform is already running on port ${port} (process ${pid})`);
  }
}

/** A stop was asked for while the platform was starting: everything started so far was stopped. */
export class StartAbortedError extends PlatformStartError {
  override name = "StartAbortedError";
}
