import fc from "fast-check";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMap, parseDocument } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { INVISIBLE_CHARACTER } from "../../src/config/characters";
import { entry, stemOf, type DatasetFile } from "../../src/config/dataset";
import { invisibleCharacters } from "../../src/config/rules/invisibleCharacter";
import { loadConfig } from "../../src/config/loadConfig";
import { platformBuckets } from "../../src/config/platformBuckets";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { SourceFile } from "../../src/config/sourceFile";

// Savings of validate's time (issue 25) that must not change what it answers. Not timed: speed is
// measured in bench/ only (docs/benchmarks.md).

/** Line and column of an offset, by walking every character: what SourceFile.position must give. */
function reference(text: string, offset: number): { line: number; column: number } {
  const at = Math.min(Math.max(0, offset), text.length);
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: at - start + 1 };
}

describe("SourceFile.position, with line starts found by indexOf when the text has no CR", () => {
  const text = fc.stringMatching(/^[a-z: \-\n\r]*$/, { maxLength: 120 });

  it("places every offset as walking the text does, with LF, CRLF and lone CR alike", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -2, max: 130 }), (t, offset) => {
        expect(new SourceFile("f.yaml", t).position(offset)).toEqual(reference(t, offset));
      }),
    );
  });

  it("places a text without CR, where the quick path is taken", () => {
    const t = "name: a\nusers:\n  - b\n\n";
    for (let offset = 0; offset <= t.length; offset++)
      expect(new SourceFile("f.yaml", t).position(offset)).toEqual(reference(t, offset));
    expect(new SourceFile("f.yaml", t).position(18)).toEqual({ line: 3, column: 4 });
  });
});

describe("entry, answered from a per-file key index", () => {
  const fileOf = (text: string): DatasetFile => {
    const map = parseDocument(text, { uniqueKeys: false }).contents;
    if (!isMap(map)) throw new Error("not a mapping");
    return { kind: "push", source: new SourceFile("push_datasets/a.yaml", text), map };
  };

  it("gives the first pair of a key given twice, as a scan of the pairs did", () => {
    const file = fileOf("name: first\nbucket: b\nname: second\n");
    expect(entry(file, "name")?.value?.toJSON()).toBe("first");
    expect(entry(file, "bucket")?.value?.toJSON()).toBe("b");
  });

  it("finds no key that is absent or not text (1: is not '1')", () => {
    const file = fileOf("1: one\n? [a]\n: list\nname: a\n");
    expect(entry(file, "1")).toBeUndefined();
    expect(entry(file, "users")).toBeUndefined();
    expect(entry(file, "name")?.value?.toJSON()).toBe("a");
  });

  it("keeps each file's index apart", () => {
    const a = fileOf("name: a\n");
    const b = fileOf("name: b\n");
    expect([entry(a, "name")?.value?.toJSON(), entry(b, "name")?.value?.toJSON()]).toEqual(["a", "b"]);
  });

  it("answers a file looked up again after another, as the first time", () => {
    const a = fileOf("name: a\nbucket: x\n");
    const b = fileOf("name: b\n");
    const first = entry(a, "bucket");
    expect(entry(b, "bucket")).toBeUndefined();
    expect(entry(a, "bucket")).toBe(first);
    expect(entry(a, "name")?.value?.toJSON()).toBe("a");
  });
});

describe("stemOf, without split and a regular expression", () => {
  it("gives what the split and the regex gave", () => {
    const before = (path: string) => (path.split("/").pop() ?? "").replace(/\.yaml$/, "");
    for (const path of [
      "push_datasets/a.yaml",
      "a.yaml",
      "a",
      "x/.yaml",
      "x/a.yaml.yaml",
      "x/a.yml",
      "x/",
      "",
      "a/b/c.yaml",
    ])
      expect(stemOf(path)).toBe(before(path));
    fc.assert(fc.property(fc.string(), (path) => stemOf(path) === before(path)));
  });
});

describe("invisibleCharacters, answered by one scan for a text of ASCII only", () => {
  it("holds no ASCII character among the invisible ones, so the quick scan misses none", () => {
    const one = new RegExp(INVISIBLE_CHARACTER.source, "u");
    for (let code = 0; code < 0x80; code++) expect(one.test(String.fromCharCode(code))).toBe(false);
  });

  it("still finds an invisible character beside ASCII text", () => {
    const found = invisibleCharacters(new SourceFile("push_datasets/a.yaml", "name: a\u00a0b\n"));
    expect(found.map((i) => [i.line, i.column, i.rule])).toEqual([[1, 8, "invisible-character"]]);
  });
});

describe("platformBuckets, worked out once per settings", () => {
  it("answers the same settings with the same buckets, and other settings with theirs", () => {
    expect(platformBuckets(DEFAULT_SETTINGS)).toBe(platformBuckets(DEFAULT_SETTINGS));
    const other = platformBuckets({ ...DEFAULT_SETTINGS, exportBucket: "other-exports", reservedBuckets: ["kept"] });
    expect([...other.keys()]).toEqual(["kept", "other-exports-access-logs", "other-exports-ledger", "other-exports"]);
    expect(platformBuckets(DEFAULT_SETTINGS).has("other-exports")).toBe(false);
  });
});

describe("loadConfig, reading the files with one lstat each", () => {
  let root: string;
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function repo(files: Record<string, string>): Promise<string> {
    root = await mkdtemp(join(tmpdir(), "exports-shortcuts-"));
    await mkdir(join(root, "push_datasets"));
    await mkdir(join(root, "pull_datasets"));
    for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
    return root;
  }

  it("applies the defaults when there is no settings file", async () => {
    const result = await loadConfig(await repo({}));
    expect(result).toEqual({ value: { settings: DEFAULT_SETTINGS, push: [], pull: [] }, errors: [], warnings: [] });
  });

  it("reports a settings path that is a folder, at that path, and judges no dataset", async () => {
    await repo({ "push_datasets/a.yaml": "name: a\nbucket: receiving-bucket\nusers: [alpha_user_a]\n" });
    await mkdir(join(root, "exports.settings.yaml"));
    const result = await loadConfig(root);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: "exports.settings.yaml", line: 1, column: 1, rule: "file-readable" }),
    ]);
    expect(result.errors[0]?.message).toContain("a folder");
    expect(result.value.push).toEqual([]);
  });

  it("reports a dataset file that is not UTF-8 at its first bad byte, and still reads the others", async () => {
    await repo({
      "push_datasets/a.yaml": "name: a\nbucket: receiving-bucket\nusers: [alpha_user_a]\n",
      "pull_datasets/b.yaml": "name: b\n",
    });
    await writeFile(join(root, "pull_datasets/b.yaml"), Buffer.from([0x6e, 0x3a, 0x0a, 0x20, 0xff]));
    const result = await loadConfig(root);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: "pull_datasets/b.yaml", line: 2, column: 2, rule: "file-readable" }),
    ]);
    expect(result.value.push.map((d) => d.name)).toEqual(["a"]);
  });
});
