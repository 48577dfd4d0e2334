import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cyclesOf, fileImports, folderArrows, foldersOf, ioOf, sourceFiles } from "./codeMap";

// docs/architecture.md is part of the code (STYLE.md 15): this test reads the page and the code and
// says where they part. Everything about the code is computed here; after a change only the page's
// picture, folder table or I/O list needs editing, and the messages say which line.
const ROOT = join(import.meta.dirname, "../..");
const PAGE = "docs/architecture.md";
const lines = readFileSync(join(ROOT, PAGE), "utf8").split("\n");

const srcFiles = sourceFiles(ROOT, "src");
// bin/ holds the entry points (the CLI's launcher, the CDK apps); the picture draws it too.
const files = [...srcFiles, ...sourceFiles(ROOT, "bin")];
const CODE = /^(src|bin)(\/|$)/;

/** Every `src/…` or `bin/…` path the page names, with its line (a trailing `/` or full stop dropped). */
const named = lines.flatMap((text, i) =>
  [...text.matchAll(/(?<![\w./-])(?:src|bin)\/[\w./-]*/g)].map((m) => ({
    path: m[0].replace(/[./]+$/, ""),
    line: i + 1,
  })),
);

interface Picture {
  /** Each box that stands for a folder of the code (its label starts with the folder): id → folder. */
  folders: Map<string, string>;
  arrows: { from: string; to: string; line: number }[];
  problems: string[];
}

/**
 * The page's flowchart, in the one form this test reads: a box a line (`id["src/folder: what"]`),
 * an arrow a line (`a --> b`). Boxes whose label is not a path (files, events, AWS) are the world
 * outside the code, and their arrows are not checked.
 */
function pictureOf(): Picture {
  const start = lines.indexOf("```mermaid");
  const end = lines.indexOf("```", start + 1);
  const picture: Picture = { folders: new Map(), arrows: [], problems: [] };
  if (start < 0) picture.problems.push(`${PAGE}: no \`\`\`mermaid flowchart of the folders`);
  for (let i = start + 1; start >= 0 && i < end; i++) {
    const text = lines[i] ?? "";
    const arrow = /^\s*(\w+)\s*-->\s*(\w+)\s*$/.exec(text);
    const box = /^\s*(\w+)\s*[[({]+\/?"([^"]*)"/.exec(text);
    if (arrow) picture.arrows.push({ from: arrow[1] ?? "", to: arrow[2] ?? "", line: i + 1 });
    else if (box) {
      const folder = /^((?:src|bin)(?:\/[\w.-]+)*)(:|$)/.exec(box[2] ?? "")?.[1];
      if (folder !== undefined) picture.folders.set(box[1] ?? "", folder);
    } else if (!/^\s*(flowchart\b|%%|$)/.test(text))
      picture.problems.push(
        `${PAGE}:${i + 1}: "${text.trim()}" is neither a box (id["label"]) nor an arrow (a --> b) on a line of its own`,
      );
  }
  const boxes = new Set(lines.slice(start + 1, end).flatMap((t) => /^\s*(\w+)\s*[[({]/.exec(t)?.[1] ?? []));
  for (const { from, to, line } of picture.arrows)
    for (const id of [from, to])
      if (!boxes.has(id))
        picture.problems.push(`${PAGE}:${line}: the arrow names ${id}, a box the picture never draws`);
  return picture;
}

const picture = pictureOf();
const drawnFolders = [...picture.folders.values()];
const idOf = new Map([...picture.folders].map(([id, folder]) => [folder, id]));
const code = folderArrows(fileImports(ROOT, files), drawnFolders, CODE);
/** The arrows the picture draws between folders of the code, each with its line. */
const drawn = new Map<string, number>(
  picture.arrows.flatMap(({ from, to, line }): [string, number][] => {
    const a = picture.folders.get(from);
    const b = picture.folders.get(to);
    return a !== undefined && b !== undefined ? [[`${a} --> ${b}`, line]] : [];
  }),
);

describe(`${PAGE} names the code as it is`, () => {
  it("names every folder of src/", () => {
    const names = new Set(named.map(({ path }) => path));
    const missing = foldersOf(srcFiles).filter((folder) => !names.has(folder));
    expect(
      missing.map((f) => `${f}/ is a folder of the code that ${PAGE} never names: add it to the table of folders`),
    ).toEqual([]);
  });

  it("names only paths of src/ and bin/ that exist", () => {
    const gone = named.filter(({ path }) => !existsSync(join(ROOT, path)));
    expect(gone.map(({ path, line }) => `${PAGE}:${line}: names ${path}, which does not exist`)).toEqual([]);
  });
});

describe(`${PAGE}'s picture draws the imports between folders`, () => {
  it("is a flowchart of boxes and arrows, one a line, with a box for each folder of src/ and for bin/", () => {
    const tops = [
      ...new Set(
        files.map((f) =>
          f
            .split("/")
            .slice(0, f.startsWith("src/") ? 2 : 1)
            .join("/"),
        ),
      ),
    ];
    const undrawn = tops.filter((folder) => !idOf.has(folder)).map((f) => `${PAGE}: the picture has no box for ${f}`);
    expect([...picture.problems, ...undrawn]).toEqual([]);
    expect(code.outside.map((file) => `${file} lies in no folder the picture draws`)).toEqual([]);
  });

  it("draws an arrow for every import from one folder into another", () => {
    const missing = [...code.arrows]
      .filter(([arrow]) => !drawn.has(arrow))
      .map(([arrow, { from, to }]) => {
        const [a = "", b = ""] = arrow.split(" --> ");
        return `${PAGE}: the picture draws no arrow ${arrow}, but ${from} imports ${to}: add the line "  ${idOf.get(a)} --> ${idOf.get(b)}"`;
      });
    expect(missing).toEqual([]);
  });

  it("draws no arrow the code does not have", () => {
    const extra = [...drawn]
      .filter(([arrow]) => !code.arrows.has(arrow))
      .map(([arrow, line]) => {
        const [a, b] = arrow.split(" --> ");
        return `${PAGE}:${line}: the picture draws ${arrow}, but no file of ${a}/ imports one of ${b}/: remove the arrow`;
      });
    expect(extra).toEqual([]);
  });

  it("runs one way: no folder imports, through others, a folder that imports it", () => {
    const cycles = cyclesOf([...code.arrows.keys()].map((arrow) => arrow.split(" --> ") as [string, string]));
    const described = cycles.map((cycle) => {
      const steps = cycle.slice(1).map((to, i) => {
        const { from, to: target } = code.arrows.get(`${cycle[i]} --> ${to}`) ?? { from: "", to: "" };
        return `${from} imports ${target}`;
      });
      return `${cycle.join(" --> ")} runs back up (${steps.join("; ")})`;
    });
    expect(described).toEqual([]);
  });

  it("has no circle of files loading each other: in one, which file runs first decides what is still undefined", () => {
    // A circle through expiryRules.ts and a rule it lists made `exports validate` fail after
    // `exports migrate` in one process: the list was built before the rule it names existed.
    const eager = fileImports(ROOT, srcFiles)
      .filter((i) => i.eager)
      .map((i) => [i.from.replace(/\.ts$/, ""), i.to.replace(/\.ts$/, "")] as const);
    expect(cyclesOf(eager).map((cycle) => cycle.join(" imports "))).toEqual([]);
  });
});

describe(`${PAGE} lists every file that does I/O, and only those`, () => {
  const heading = lines.findIndex((t) => t.startsWith("## Where I/O happens"));
  const after = lines.findIndex((t, i) => i > heading && t.startsWith("## "));
  // In that section's list (an item's wrapped lines included), every src/ path is a listing: a
  // file that does I/O, or a folder whose files all do.
  const listLines = new Set<number>();
  for (let i = heading + 1; heading >= 0 && i < (after < 0 ? lines.length : after); i++) {
    const text = lines[i] ?? "";
    if (/^\s*[-*] /.test(text) || (/^\s+\S/.test(text) && listLines.has(i))) listLines.add(i + 1);
  }
  const listed = named.filter(({ path, line }) => listLines.has(line) && path.startsWith("src/"));
  const io = new Map(srcFiles.map((file) => [file, ioOf(file, readFileSync(join(ROOT, file), "utf8"))]));
  const under = (path: string) => srcFiles.filter((f) => f === path || f.startsWith(`${path}/`));

  it("has the section", () => {
    expect(heading, `${PAGE} has no "## Where I/O happens" section`).toBeGreaterThanOrEqual(0);
  });

  it("lists each file that does I/O, or its folder", () => {
    const unlisted = [...io]
      .filter(([file, why]) => why.length > 0 && !listed.some(({ path }) => under(path).includes(file)))
      .map(([file, why]) => `${file} does I/O (${why.join(", ")}), and "Where I/O happens" does not list it`);
    expect(unlisted).toEqual([]);
  });

  it("lists no file, and no folder with a file, that does none", () => {
    const pure = listed.flatMap(({ path, line }) =>
      under(path)
        .filter((file) => io.get(file)?.length === 0)
        .map((file) =>
          file === path
            ? `${PAGE}:${line}: lists ${file} as doing I/O, but it does none: remove it`
            : `${PAGE}:${line}: lists the folder ${path}/, but ${file} does no I/O: list the folder's files that do`,
        ),
    );
    expect(pure).toEqual([]);
  });
});

describe("the map's readers", () => {
  it.each([
    ['import { readFile } from "node:fs/promises";', ["imports node:fs/promises"]],
    ['import { S3Client } from "@aws-sdk/client-s3";', ["imports @aws-sdk/client-s3"]],
    ['import type { S3Client } from "@aws-sdk/client-s3";', []],
    ['import { crc64 } from "@aws-sdk/crc64-nvme";', []],
    ['const { createInterface } = await import("node:readline/promises");', ["imports node:readline/promises"]],
    ["export const region = process.env.AWS_REGION;", ["uses process.env"]],
    ['const out = process["stdout"];', ["uses process.stdout"]],
    ["const { argv, exitCode } = process;", ["uses process.argv"]],
    ["// reads nothing: process.env is read by the caller\nexport const exitCode = (n: number) => n;", []],
  ])("%s does I/O: %j", (source, why) => {
    expect(ioOf("x.ts", source)).toEqual(why);
  });

  it("finds each circle of imports, and none where the flow runs one way", () => {
    expect(
      cyclesOf([
        ["a", "b"],
        ["b", "c"],
        ["c", "a"],
        ["c", "d"],
      ]),
    ).toEqual([["a", "b", "c", "a"]]);
    expect(
      cyclesOf([
        ["a", "b"],
        ["a", "c"],
        ["b", "c"],
      ]),
    ).toEqual([]);
  });

  it("puts a file in the deepest folder the picture draws", () => {
    const imports = [
      { from: "src/mover/lambda/handler.ts", to: "src/mover/moveObject", eager: true },
      { from: "src/mover/copy.ts", to: "src/mover/parts", eager: true },
      { from: "src/local/platform.ts", to: "src/mover/lambda/environment", eager: true },
      { from: "src/stray.ts", to: "src/mover/copy", eager: true },
    ];
    const { arrows, outside } = folderArrows(imports, ["src/mover", "src/mover/lambda", "src/local"], CODE);
    expect([...arrows.keys()]).toEqual(["src/mover/lambda --> src/mover", "src/local --> src/mover/lambda"]);
    expect(outside).toEqual(["src/stray.ts"]);
  });
});
