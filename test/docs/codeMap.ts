import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { importsOf } from "../packageImports";

/** The source files under `dir` of `root` (declaration files left out), as sorted paths from `root`. */
export function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.(ts|mts|mjs|js)$/.test(name) && !/\.d\.[cm]?ts$/.test(name))
    .map((name) => `${dir}/${name.split(sep).join("/")}`)
    .sort();
}

/** Every folder that holds a source file of `files`, and every folder above it up to the top one. */
export function foldersOf(files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files)
    for (let folder = dirname(file); folder !== "."; folder = dirname(folder)) folders.add(folder);
  return [...folders].sort();
}

/** One file of the code importing another: both paths from the root, `to` as its specifier names it. */
export interface FileImport {
  from: string;
  to: string;
  /** Loaded before `from` runs: a static import of a value (not `import type`, not `import()`). */
  eager: boolean;
}

/**
 * Every import between files of `files`' code: static, re-exports and `import()`, with `import type`
 * included (a type is knowledge of the folder it comes from, as much as a value is).
 */
export function fileImports(root: string, files: readonly string[]): FileImport[] {
  return files.flatMap((from) =>
    importsOf(from, readFileSync(join(root, from), "utf8"))
      .filter(({ specifier }) => specifier.startsWith("."))
      .map(({ specifier, typeOnly, dynamic }) => ({
        from,
        eager: !typeOnly && !dynamic,
        to: relative(root, resolve(root, dirname(from), specifier))
          .split(sep)
          .join("/"),
      })),
  );
}

/** The deepest of `folders` that holds `path`, or undefined. */
export function folderOf(path: string, folders: readonly string[]): string | undefined {
  return folders
    .filter((folder) => path === folder || path.startsWith(`${folder}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * The arrows between `folders` that `imports` make, each `from --> to` with the first import that
 * makes it; `outside` names the files (of `within`) that lie in none of `folders`.
 */
export function folderArrows(
  imports: readonly FileImport[],
  folders: readonly string[],
  within: RegExp,
): { arrows: Map<string, FileImport>; outside: string[] } {
  const arrows = new Map<string, FileImport>();
  const outside = new Set<string>();
  for (const found of imports) {
    const from = folderOf(found.from, folders);
    const to = folderOf(found.to, folders);
    if (from === undefined) outside.add(found.from);
    if (to === undefined && within.test(found.to)) outside.add(found.to);
    if (from === undefined || to === undefined || from === to) continue;
    const arrow = `${from} --> ${to}`;
    if (!arrows.has(arrow)) arrows.set(arrow, found);
  }
  return { arrows, outside: [...outside].sort() };
}

/** The cycles of a directed graph, each as the path `a → … → a` a depth-first search closes. */
export function cyclesOf(edges: readonly (readonly [string, string])[]): string[][] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const done = new Set<string>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const to of next.get(node) ?? []) visit(to);
    path.pop();
    done.add(node);
  };
  for (const node of [...next.keys()].sort()) visit(node);
  return cycles;
}

// Modules that reach outside the process: files, other processes, the network, the terminal, the
// machine (node:os gives its temporary folder, home and user).
const NODE_IO =
  /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|readline|readline\/promises|os|process|worker_threads)$/;
// AWS's clients call AWS, Powertools writes logs and metrics to standard output, esbuild reads and
// writes files; the one AWS package that computes in memory is a checksum.
const PACKAGE_IO = /^(@aws-sdk\/|@aws-lambda-powertools\/|esbuild$)/;
const PURE_PACKAGES = new Set(["@aws-sdk/crc64-nvme"]);
/** What of `process` reaches outside the program: environment, arguments, standard streams, signals. */
const PROCESS_IO = new Set(["env", "argv", "stdin", "stdout", "stderr", "kill", "on", "once", "off", "cwd", "getuid"]);

/** The members of `process` a file uses: `process.env`, `process["argv"]`, `const { env } = process`. */
function processMembers(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const isProcess = (node: ts.Node) => ts.isIdentifier(node) && node.text === "process";
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isProcess(node.expression)) found.push(node.name.text);
    else if (
      ts.isElementAccessExpression(node) &&
      isProcess(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression)
    )
      found.push(node.argumentExpression.text);
    else if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer))
      if (ts.isObjectBindingPattern(node.name))
        for (const element of node.name.elements) found.push((element.propertyName ?? element.name).getText(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Why a file does I/O (`imports node:fs`, `uses process.env`), or nothing when it does none. */
export function ioOf(fileName: string, source: string): string[] {
  const modules = importsOf(fileName, source)
    .filter(({ typeOnly }) => !typeOnly)
    .map(({ specifier }) => specifier)
    .filter((s) => NODE_IO.test(s) || (PACKAGE_IO.test(s) && !PURE_PACKAGES.has(s)));
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const members = processMembers(file).filter((name) => PROCESS_IO.has(name));
  return [...new Set([...modules.map((m) => `imports ${m}`), ...members.map((m) => `uses process.${m}`)])];
}
