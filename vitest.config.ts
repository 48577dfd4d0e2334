import { defineConfig } from "vitest/config";

/** Tests that start the local S3 engine or drive the AWS CLI against it. */
const ENGINE = ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"];

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    projects: [
      {
        extends: true,
        // Pure code, fakes and short-lived child processes (the CLI, synthesis): no engine, no root.
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ENGINE,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
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
