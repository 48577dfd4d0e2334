import { watch } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onceAfterBurst } from "../../src/cli/dev/changeNotice";
import { terminalLog } from "../../src/cli/dev/terminalLog";
import type { Handled } from "../../src/delivery/afterMove";
import { terminalLine } from "../../src/local/localMover";
import { runCli } from "./runCli";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("exports dev's messages", () => {
  it("says once per saved file that dataset files changed, though fs.watch reports each save more than once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "exports-watch-"));
    let events = 0;
    let said = 0;
    const changed = onceAfterBurst(() => said++, 200);
    const watcher = watch(dir, () => {
      events++;
      changed.event();
    });
    await writeFile(join(dir, "feed.yaml"), "name: feed\n");
    await settle(600);
    await writeFile(join(dir, "feed.yaml"), "name: feed\nbucket: b\n");
    await settle(600);
    watcher.close();
    changed.dispose();
    await rm(dir, { recursive: true, force: true });
    expect(events).toBeGreaterThanOrEqual(2);
    expect(said).toBe(2);
  });

  it("says in --help that the next four ports are used, and how to pass --port through npm start", async () => {
    const { stdout } = await runCli(["dev", "--help"]);
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "the next four are used too; with npm start: npm start -- --port <port>",
    );
  });

  it.each([
    ["an escape sequence", "ds/esc\u001b[31mRED\u001b[0m.csv", "ds/esc<U+001B>[31mRED<U+001B>[0m.csv"],
    ["a newline (S3 allows any UTF-8 in a key)", "ds/new\nline.csv", "ds/new<U+000A>line.csv"],
    ["a lone carriage return", "ds/over\rwrite.csv", "ds/over<U+000D>write.csv"],
    ["a bidirectional override", "ds/bidi\u202eexe.csv", "ds/bidi<U+202E>exe.csv"],
  ])(
    "shows a key with %s as one line, its characters by code point, keys with spaces and unicode as they are",
    (_, key, shown) => {
      const written: string[] = [];
      const log = terminalLog(
        (text) => written.push(text),
        () => new Date("2026-12-07T19:38:01Z"),
      );
      const target = `s3://target/${key}`;
      const handled: Handled = {
        tried: { event: { bucket: "exports", key }, attempt: 1 },
        result: { outcome: "copied", key, dataset: "ds", target },
        verdict: "done",
        delivery: {
          time: "",
          outcome: "kept",
          dataset: "ds",
          key,
          target,
          attempt: 1,
          reason: "",
          actor: "nobody",
          action: "",
        },
      };
      log(terminalLine(handled, "exports"));
      log("copied: s3://exports/ds/with space ünïcødé ✓ 100%+a#b?c.csv");
      expect(written).toEqual([
        `19:38:01 copied: s3://exports/${shown} → s3://target/${shown}\n`,
        "19:38:01 copied: s3://exports/ds/with space ünïcødé ✓ 100%+a#b?c.csv\n",
      ]);
    },
  );

  it.each(["abc", "80", "0x1F90", "7480.5", ""])(
    "refuses --port %j, quoting it, before anything starts",
    async (port) => {
      const { code, stderr } = await runCli(["dev", "--port", port]);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `exports dev: --port must be a whole number from 1024 to 65531 (it uses n to n+4), not ${JSON.stringify(port)}.\n`,
      );
    },
  );
});
