import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { removeUsers, type RemovalResult } from "../../src/migrate/removeUsers";

const GONE = new Set(["alpha_user_gone", "alpha_user_left"]);
const PATH = "push_datasets/a.yaml";

const removal = (result: RemovalResult) => {
  if (!("removal" in result)) throw new Error(`refused: ${result.refusal.map((i) => i.message).join("; ")}`);
  return result.removal;
};

describe("removeUsers", () => {
  it.each([
    {
      name: "one gone user among others, with every comment and blank line kept",
      before:
        "# the hub's feed\nname: a\n\nbucket: b-bucket # theirs\nusers:\n  # analysts\n  - alpha_user_x\n  - alpha_user_gone\n  - alpha_user_y # lead\npaperwork: DPIA-1\n",
      after:
        "# the hub's feed\nname: a\n\nbucket: b-bucket # theirs\nusers:\n  # analysts\n  - alpha_user_x\n  - alpha_user_y # lead\npaperwork: DPIA-1\n",
      gone: [{ user: "alpha_user_gone", line: 8, column: 5 }],
    },
    {
      name: "the gone entry's own comment goes with it",
      before: "name: a\nusers:\n- alpha_user_left   # left in May\n- alpha_user_x\n",
      after: "name: a\nusers:\n- alpha_user_x\n",
      gone: [{ user: "alpha_user_left", line: 3, column: 3 }],
    },
    {
      name: "the last line, without a final line break",
      before: "name: a\nusers:\n  - alpha_user_x\n  - alpha_user_gone",
      after: "name: a\nusers:\n  - alpha_user_x",
      gone: [{ user: "alpha_user_gone", line: 4, column: 5 }],
    },
    {
      name: "CRLF line breaks and a quoted name",
      before: 'name: a\r\nusers:\r\n  - "alpha_user_gone"\r\n  - alpha_user_x\r\n',
      after: "name: a\r\nusers:\r\n  - alpha_user_x\r\n",
      gone: [{ user: "alpha_user_gone", line: 3, column: 5 }],
    },
    {
      name: "two gone users, one listed twice",
      before: "name: a\nusers:\n  - alpha_user_gone\n  - alpha_user_x\n  - alpha_user_left\n  - alpha_user_gone\n",
      after: "name: a\nusers:\n  - alpha_user_x\n",
      gone: [
        { user: "alpha_user_gone", line: 3, column: 5 },
        { user: "alpha_user_left", line: 5, column: 5 },
        { user: "alpha_user_gone", line: 6, column: 5 },
      ],
    },
    {
      name: "a list in brackets",
      before: "name: a\nusers: [alpha_user_x, alpha_user_gone, 'alpha_user_y']  # all three\n",
      after: "name: a\nusers: [alpha_user_x, 'alpha_user_y']  # all three\n",
      gone: [{ user: "alpha_user_gone", line: 2, column: 23 }],
    },
  ])("$name", ({ before, after, gone }) => {
    const r = removal(removeUsers(PATH, before, GONE));
    expect(r.text).toBe(after);
    expect(r.gone).toEqual(gone);
    expect(r.allGone).toBe(false);
  });

  it.each([
    { name: "no gone user", text: "name: a\nusers:\n  - alpha_user_x # lead\n" },
    { name: "no users key", text: "name: a\nbucket: b\n" },
    { name: "a gone name elsewhere than users", text: "name: alpha_user_gone\nusers:\n  - alpha_user_x\n" },
  ])("leaves a file with $name byte for byte", ({ text }) => {
    const r = removal(removeUsers(PATH, text, GONE));
    expect(r.text).toBe(text);
    expect(r.gone).toEqual([]);
  });

  it("leaves a file whose every user is gone as it is, and says so", () => {
    const text = "name: a\nusers:\n  - alpha_user_gone\n  - alpha_user_left\n";
    const r = removal(removeUsers(PATH, text, GONE));
    expect(r).toMatchObject({ text, allGone: true });
    expect(r.gone.map((e) => e.user)).toEqual(["alpha_user_gone", "alpha_user_left"]);
  });

  it("is idempotent: a second pass changes nothing", () => {
    const once = removal(removeUsers(PATH, "name: a\nusers:\n  - alpha_user_gone\n  - alpha_user_x\n", GONE)).text;
    const twice = removal(removeUsers(PATH, once, GONE));
    expect(twice.text).toBe(once);
    expect(twice.gone).toEqual([]);
  });

  it.each([
    {
      name: "an entry not on its dash's line",
      text: "name: a\nusers:\n  - alpha_user_x\n  -\n    alpha_user_gone\n",
      message: /not alone on its own/,
    },
    {
      name: "a commented list in brackets",
      text: "name: a\nusers: [alpha_user_x, # lead\n  alpha_user_gone]\n",
      message: /with comments inside/,
    },
    { name: "YAML that does not parse", text: "name: a\nusers: [\n", message: /cannot be read/ },
  ])("refuses, at a line, $name", ({ text, message }) => {
    const result = removeUsers(PATH, text, GONE);
    expect("refusal" in result && result.refusal[0]).toMatchObject({
      file: PATH,
      message: expect.stringMatching(message),
    });
  });
});

describe("removeUsers, on any layout of a users list", () => {
  const user = fc.constantFrom("alpha_user_gone", "alpha_user_left", "alpha_user_x", "alpha_user_y", "alpha_user_z");
  const quoted = (u: string) => fc.constantFrom(u, `"${u}"`, `'${u}'`);
  const comment = fc.constantFrom("", " # why", "   #", "  # left: 2021");
  const entry = user.chain((u) => fc.tuple(fc.constant(u), quoted(u), comment));
  const file = fc.record({
    indent: fc.constantFrom("", "  ", "    "),
    entries: fc.array(entry, { minLength: 1, maxLength: 8 }),
    between: fc.constantFrom("", "  # a note\n", "\n"),
    eol: fc.constantFrom("\n", "\r\n"),
    last: fc.boolean(),
  });

  it("removes exactly the gone users' lines and keeps every other line byte for byte", () => {
    fc.assert(
      fc.property(file, ({ indent, entries, between, eol, last }) => {
        const lines = ["name: a", "users:", ...entries.map(([, q, c]) => `${indent}- ${q}${c}`)];
        const text = `${lines.join(eol)}${eol}${between.replaceAll("\n", eol)}paperwork: x${last ? eol : ""}`;
        const result = removeUsers(PATH, text, GONE);
        const r = removal(result);
        const kept = entries.filter(([u]) => !GONE.has(u));
        if (kept.length === 0) {
          expect(r).toMatchObject({ text, allGone: true });
          return;
        }
        const expected = ["name: a", "users:", ...kept.map(([, q, c]) => `${indent}- ${q}${c}`)];
        expect(r.text).toBe(
          `${expected.join(eol)}${eol}${between.replaceAll("\n", eol)}paperwork: x${last ? eol : ""}`,
        );
        expect(r.gone.map((e) => e.user)).toEqual(entries.filter(([u]) => GONE.has(u)).map(([u]) => u));
        expect(removal(removeUsers(PATH, r.text, GONE)).text).toBe(r.text);
      }),
    );
  });
});
