import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { LongestFirst } from "./test/sequencer";

/** Tests that start the local S3 engine or drive the AWS CLI against it. */
const ENGINE = ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"];

/**
 * Unit files that replace a module (`vi.mock`), the environment (`vi.stubEnv`, `process.env`) or
 * listen on the process: each needs a module graph of its own. The other unit files share one per
 * worker (`isolate: false`, Vitest's "Per-File Isolation Settings" recipe), which saves loading
 * the same modules file after file. `test/vitestProjects.test.ts` keeps this list complete.
 */
export const ISOLATED = [
  "test/doctor/doctor.test.ts",
  "test/ports.test.ts",
  "test/cli/newPrompts.test.ts",
  "test/cli/unexpectedError.test.ts",
  "test/cli/checkDeploy.test.ts",
  "test/cli/status.test.ts",
  "test/cli/s3Failures.test.ts",
  "test/cli/build.test.ts",
  "test/github/planComment.test.ts",
];

export default defineConfig({
  test: {
    // One test file per core at least, and never fewer than two at once. Vitest's default is one
    // fewer than the cores: on a 2-core machine a single worker, so the suite ran file after file
    // while most engine, end-to-end and CLI files wait on a child process (the engine, the AWS CLI,
    // `exports dev`) or on the clock, leaving a core idle. Every worker has its own ports and engine
    // folder (test/ports.ts, testSlot in test/support.ts), so any two files may run side by side;
    // the port table is laid out for sixteen workers a run.
    maxWorkers: Math.min(16, Math.max(2, availableParallelism())),
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    // The longest files start first, so the workers finish together (test/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        // Pure code, fakes and short-lived child processes (the CLI, synthesis): no engine, no root.
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...ENGINE, ...ISOLATED],
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // The same kind of tests, each file in a module graph of its own (see ISOLATED).
        test: { name: "unit-isolated", include: ISOLATED, testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        // Each AWS CLI call costs about a second on a slow machine, and a test makes several:
        // generous limits, while the tests themselves poll for every condition they wait on.
        test: { name: "engine", include: ENGINE, testTimeout: 180_000, hookTimeout: 240_000 },
      },
    ],
  },
});
