import { Command, CommanderError, Option } from "commander";
import type { Output } from "./output";
import { PLAN_FORMATS, type PlanFormat } from "../report/formatPlan";
import { systemClock, type Clock } from "./clock";
import { NEW_FLAGS } from "./new/flags";
import { unexpectedErrorLine } from "./unexpected";
import { FORMATS, type Format } from "./validate/format";
import { STATUS_FORMATS } from "../delivery/formatStatus";
import { EXPIRING_FORMATS, type ExpiringFormat } from "../report/formatExpiring";

/** Where `exports new` reads answers: the terminal in use, a stream in tests. */
export interface Input {
  stream: NodeJS.ReadableStream;
  echo: NodeJS.WritableStream;
  isTTY?: boolean;
  /** Ask even when the stream is not a terminal (tests). */
  interactive?: boolean;
}

/**
 * Runs the `exports` command line with `args` (without node and the script) and returns the exit code:
 * 0 ok, 1 invalid input, 2 usage error or an unexpected error. `clock` is where commands read
 * the time.
 */
export async function run(
  args: readonly string[],
  out: Output,
  input?: Input,
  clock: Clock = systemClock,
): Promise<number> {
  let code = 0;
  const program = new Command("exports")
    .description("Validate, plan and run data exports described by the dataset files of this repository.")
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr })
    .showHelpAfterError("(run exports --help for usage)");

  program
    .command("validate")
    .description("Check every dataset file and the settings file; report each problem with its file, line and column.")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--base <ref>", "git ref the change merges into, e.g. origin/main: files not in it are new datasets")
    .option(
      "--head <ref>",
      "read the dataset files and settings of this git commit, as data, instead of the working tree",
    )
    .action(async (options: { root: string; format: Format; base?: string; head?: string }) => {
      const { validateCommand } = await import("./validate/command");
      code = await validateCommand({ ...options, now: clock() }, out);
    });

  program
    .command("plan")
    .description("Say, per dataset, who may write and read what and where files go; with --base, only what changes.")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .addOption(new Option("--format <format>", "output format").choices(PLAN_FORMATS).default("text"))
    .option("--base <ref>", "git ref to compare against, e.g. origin/main")
    .option(
      "--head <ref>",
      "read the dataset files and settings of this git commit, as data, instead of the working tree",
    )
    .option(
      "--max-length <characters>",
      "markdown: past this length, write a summary that links to the full plan (GitHub's limit: 65536)",
      Number,
    )
    .option("--full-plan-url <url>", "markdown: where the full plan is published, for the summary to link to")
    .action(
      async (options: {
        root: string;
        format: PlanFormat;
        base?: string;
        head?: string;
        maxLength?: number;
        fullPlanUrl?: string;
      }) => {
        const { planCommand } = await import("./plan/command");
        code = await planCommand({ ...options, now: clock() }, out);
      },
    );

  program
    .command("migrate")
    .description(
      "Rewrite the old system's dataset files into today's form, in place, without changing a name, bucket or grant.",
    )
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .action(async (options: { root: string }) => {
      const { migrateCommand } = await import("./migrate/command");
      code = await migrateCommand(options, out);
    });

  program
    .command("synth")
    .description("Synthesize the CloudFormation templates offline, with cdk-nag's checks.")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .option("--out <dir>", "where to write the cloud assembly", "cdk.out")
    .action(async (options: { root: string; out: string }) => {
      // Loaded only when used: the AWS CDK roughly doubles the command's start-up time.
      const { synthCommand } = await import("./synth/command");
      code = await synthCommand({ ...options, now: clock() }, out);
    });

  program
    .command("adopt")
    .description(
      "Write the cdk import resource mappings that adopt the old deployment's buckets, bucket policies and mover roles.",
    )
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .option("--out <dir>", "where to write one mapping file per stack", "adopt")
    .action(async (options: { root: string; out: string }) => {
      const { adoptCommand } = await import("./adopt/command");
      code = await adoptCommand(options, out);
    });

  program
    .command("check-deploy")
    .description(
      "Before cdk deploy --import-existing-resources: stop if a bucket the deployment creates exists and is not the same dataset's.",
    )
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .action(async (options: { root: string }) => {
      const { checkDeployCommand } = await import("./checkDeploy/command");
      code = await checkDeployCommand(options.root, out);
    });

  program
    .command("check-branch")
    .description(
      "Check that a pull request's dataset files match its branch name (push_dataset/<name> adds push_datasets/<name>.yaml).",
    )
    .requiredOption("--branch <name>", "the pull request's branch")
    .requiredOption("--base <ref>", "the git ref it merges into, e.g. origin/main")
    .option("--head <ref>", "the git commit of the change (HEAD if not given)")
    .option("--root <dir>", "repository root", ".")
    .addOption(new Option("--format <format>", "output format").choices(["text", "github"]).default("text"))
    .action(async (options: { root: string; branch: string; base: string; head?: string; format: string }) => {
      const { checkBranchCommand } = await import("./checkBranch/command");
      code = await checkBranchCommand(options, out);
    });

  const newCommandLine = program
    .command("new")
    .description("Write a new dataset file, asking for what the flags do not give and checking each answer.")
    .argument("<kind>", "push or pull")
    .argument("<name>", "the dataset's name, e.g. court_listings")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".");
  for (const { spec, help } of NEW_FLAGS) newCommandLine.option(spec, help);
  newCommandLine.action(async (kind: string, name: string, options: Record<string, unknown>) => {
    if (kind !== "push" && kind !== "pull")
      throw new CommanderError(2, "exports.kind", `error: the kind must be push or pull, not ${JSON.stringify(kind)}`);
    const { askWith, newCommand } = await import("./new/command");
    const { createInterface } = await import("node:readline/promises");
    const rl =
      input?.isTTY || input?.interactive ? createInterface({ input: input.stream, output: input.echo }) : undefined;
    try {
      code = await newCommand(kind, name, { ...options, now: clock() } as never, askWith(rl), out);
    } finally {
      rl?.close();
    }
  });

  program
    .command("expiring")
    .description(
      "List the datasets whose access ends within the warning window or has ended, with their users and paperwork.",
    )
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .addOption(
      new Option("--format <format>", "output format (default: text in a terminal, else markdown)").choices(
        EXPIRING_FORMATS,
      ),
    )
    .option("--remove-expired", "also delete the files of datasets whose access has ended")
    .action(async (options: { root: string; format?: ExpiringFormat; removeExpired?: boolean }) => {
      const { expiringCommand } = await import("./expiring/command");
      // A person at a terminal reads text; the workflow, writing to a file, gets the Markdown comment.
      const format = options.format ?? (out.isTTY ? "text" : "markdown");
      code = await expiringCommand(
        { ...options, format, removeExpired: options.removeExpired ?? false, now: clock() },
        out,
      );
    });

  program
    .command("doctor")
    .description(
      "Pre-flight against the real AWS account: users' roles exist, target buckets answer, deployed stacks match.",
    )
    .requiredOption("--aws", "check against AWS with the caller's credentials")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .action(async (options: { root: string }) => {
      const { doctorCommand } = await import("./doctor/command");
      code = await doctorCommand(options.root, out);
    });

  program
    .command("prune-users")
    .description(
      "Remove from the dataset files, in place, the platform users whose IAM role no longer exists; nothing else.",
    )
    .requiredOption("--aws", "ask IAM with the caller's credentials")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (options: { root: string; format: "text" | "json" }) => {
      const { pruneUsersCommand } = await import("./pruneUsers/command");
      code = await pruneUsersCommand({ ...options, clock }, out);
    });

  program
    .command("status")
    .description("Say which of a dataset's files arrived, which did not, why, and who must act.")
    .argument("<dataset>", "the push dataset's name")
    .option("--since <age>", "how far back to look: minutes (m), hours (h) or days (d)", "24h")
    .addOption(new Option("--format <format>", "output format").choices(STATUS_FORMATS).default("text"))
    .option("--local", "read the local platform's delivery log (npm start) instead of the mover's log on AWS")
    .option("--port <port>", "with --local: the port the local platform was started with", "7480")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .action(async (dataset: string, options: Record<string, unknown>) => {
      const { statusCommand } = await import("./status/command");
      code = await statusCommand(dataset, options as never, out);
    });

  program
    .command("dev")
    .description("Run the whole export flow on this machine on a real S3 engine, until Ctrl-C.")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .option(
      "--port <port>",
      "the S3 endpoint's port (the next four are used too; with npm start: npm start -- --port <port>)",
      "7480",
    )
    .action(async (options: { root: string; port: string }) => {
      const { devCommand } = await import("./dev/command");
      const { stopRequests } = await import("./dev/stopRequests");
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
        code = await devCommand({ root: options.root, port: Number(options.port), now: clock() }, out, stop.signal);
      } finally {
        stop.dispose();
      }
    });

  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      out.stderr(unexpectedErrorLine(args.find((a) => !a.startsWith("-")) ?? "", error));
      return 2;
    }
    if (error.code === "exports.kind") out.stderr(`${error.message}\n`);
    return error.exitCode === 0 ? 0 : 2;
  }
  return code;
}
