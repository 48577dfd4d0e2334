import { pipeOf, readersOf, reads } from "./pipeReaders";

/** What the stop requests listen to: the process (signals) and its output streams. */
export interface StopSources {
  process: Pick<NodeJS.Process, "on" | "off">;
  streams: { fd: number; stream: Pick<NodeJS.WriteStream, "on" | "off"> }[];
}

export interface StopRequests {
  /** Aborted by the first request; its reason says which. */
  signal: AbortSignal;
  dispose(): void;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** How often a pipe's readers are looked at: a closed output is noticed within this. */
const READER_CHECK_MS = 1000;

/**
 * Every way a person or the system asks `exports dev` to stop: Ctrl-C (once or more), SIGTERM,
 * SIGHUP (the terminal closed), and output nobody reads any more (a write fails with EPIPE, or
 * every process that read our pipe, such as `tee`, has gone, noticed without waiting for a
 * write). The first request aborts `signal`; each later one calls `again`, since a stop is
 * already under way and the process must live until it has stopped what it started.
 */
export function stopRequests(sources: StopSources, again: (why: string) => void): StopRequests {
  const controller = new AbortController();
  const request = (why: string) => (controller.signal.aborted ? again(why) : controller.abort(why));
  const onSignal = (name: string) => request(name);
  const onError = (error: NodeJS.ErrnoException) => request(`output closed (${error.code ?? error.message})`);
  for (const name of SIGNALS) sources.process.on(name, onSignal);
  for (const { stream } of sources.streams) stream.on("error", onError);

  const watched = sources.streams.flatMap(({ fd }) => {
    const pipe = pipeOf(fd);
    const readers = pipe ? readersOf(pipe) : [];
    return pipe && readers.length > 0 ? [{ fd, pipe, readers }] : [];
  });
  const timer =
    watched.length > 0
      ? setInterval(() => {
          for (const w of watched) {
            w.readers = w.readers.filter((pid) => reads(pid, w.pipe));
            if (w.readers.length === 0 && !controller.signal.aborted)
              request(`output closed (nothing reads ${w.fd === 1 ? "stdout" : "stderr"} any more)`);
          }
        }, READER_CHECK_MS)
      : undefined;
  timer?.unref();

  return {
    signal: controller.signal,
    dispose() {
      if (timer) clearInterval(timer);
      for (const name of SIGNALS) sources.process.off(name, onSignal);
      for (const { stream } of sources.streams) stream.off("error", onError);
    },
  };
}
