// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "coverage/", "reports/", "cdk.out/", ".scratch/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["bin/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  {
    // Only entry points talk to the terminal; the rest writes to the Output it is given (src/cli/output.ts).
    files: ["src/cli/main.ts", "bench/**", "scripts/**", "bin/**"],
    rules: { "no-console": "off" },
  },
);
