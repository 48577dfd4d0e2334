// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// `npm run lint` names this file with --config, "Use this configuration instead of
// eslint.config.* look up" (eslint --help; https://eslint.org/docs/latest/use/command-line-interface):
// without it, ESLint 10 loads the nearest eslint.config.* of each linted file's folder, and a pull
// request could run code by adding one to a dataset folder (issue #23, decision 0008). The dataset
// folders hold YAML data only (scripts/check-dataset-folders.sh), so they are ignored too.
export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "coverage/",
      "reports/",
      "cdk.out/",
      ".scratch/",
      "dist/",
      "push_datasets/",
      "pull_datasets/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Plain JavaScript files (this one, bin/*.mjs and *.cjs) are not part of the TypeScript project.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["bin/**/*.mjs", "bin/**/*.cjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    // The CLI's entry and what it loads first are CommonJS (bin/exports.cjs says why).
    files: ["bin/**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", __filename: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  {
    // The functions people edit most stay readable whole (issue #25): a longer one is split into
    // named steps. Tests are left out: a table of cases is long by nature.
    files: ["src/**/*.ts"],
    rules: { "max-lines-per-function": ["error", { max: 100 }] },
  },
  {
    // Tests parse what the code under test wrote (JSON.parse gives any) and check its shape with
    // expect, which is the check these rules ask for: a cast to the expected type would assert
    // what the test is there to verify. Fakes are async to match the interfaces they stand in for
    // (a thrown error becomes a rejection, as from the real client), so they need not await.
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Only entry points talk to the terminal; the rest writes to the Output it is given (src/cli/output.ts).
    files: ["src/cli/main.ts", "bench/**", "scripts/**", "bin/**"],
    rules: { "no-console": "off" },
  },
);
