import { ROOT_OPTION, defineCommand } from "../commandDefinition";

/** `exports dev`: the local platform, until Ctrl-C. */
export const devDefinition = defineCommand<{ root: string; port: string }>({
  name: "dev",
  description: "Run the whole export flow on this machine on a real S3 engine, until Ctrl-C.",
  options: {
    root: ROOT_OPTION,
    port: {
      flags: "--port <port>",
      description: "the S3 endpoint's port (the next four are used too; with npm start: npm start -- --port <port>)",
      default: "7480",
    },
  },
  async run(options, { out, clock }) {
    const { devCommand } = await import("./command");
    const { stopRequests } = await import("./stopRequests");
    const stop = stopRequests(
      {
        process,
        streams: [
          { fd: 1, stream: process.stdout },
          { fd: 2, stream: process.stderr },
        ],
      },
      () => out.stderr("Still stopping: the S3 engine is shutting down, which takes a few seconds…\n"),
    );
    try {
      return await devCommand({ root: options.root, port: options.port, now: clock() }, out, stop.signal);
    } finally {
      stop.dispose();
    }
  },
});
