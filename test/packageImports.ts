import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";

/** A module a file loads: `typeOnly` when TypeScript erases it (`import type`, `export type … from`). */
export interface ModuleImport {
  specifier: string;
  typeOnly: boolean;
  /** Loaded by `import()` when the code runs, not before the importing module runs. */
  dynamic?: true;
}

/** Every module `source` imports, statically, by re-export or by `import()`, parsed by TypeScript itself. */
export function importsOf(fileName: string, source: string): ModuleImport[] {
  const kind = /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind);
  const found: ModuleImport[] = [];
  // A package loaded on first use through `createRequire` (luxon, re2js) is imported all the same.
  const requirers = new Set(["require"]);
  const findRequirers = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isCallExpression(node.initializer) &&
      ts.isIdentifier(node.initializer.expression) &&
      node.initializer.expression.text === "createRequire"
    )
      requirers.add(node.name.text);
    ts.forEachChild(node, findRequirers);
  };
  findRequirers(file);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      // `import { type A } from "x"` still loads x under verbatimModuleSyntax: only `import type` is erased.
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly === true });
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push({ specifier: node.arguments[0].text, typeOnly: false, dynamic: true });
    else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      requirers.has(node.expression.text) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push({ specifier: node.arguments[0].text, typeOnly: false, dynamic: true });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The npm package a specifier names (`@aws-sdk/client-s3`, `aws-cdk-lib`), or undefined for files and Node's own modules. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/") || isBuiltin(specifier)) return undefined;
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** The packages each source file under `dirs` of `root` imports, with the file's path from `root`. */
export function packageImports(
  root: string,
  dirs: readonly string[],
): { file: string; name: string; typeOnly: boolean }[] {
  const files = dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((name) => /\.(ts|mts|mjs|js)$/.test(name) && !name.split(/[\\/]/).includes("node_modules"))
      .map((name) => join(root, dir, name)),
  );
  return files.flatMap((path) =>
    importsOf(path, readFileSync(path, "utf8")).flatMap(({ specifier, typeOnly }) => {
      const name = packageOf(specifier);
      return name ? [{ file: relative(root, path), name, typeOnly }] : [];
    }),
  );
}
