import { watch } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onceAfterBurst } from "../../src/cli/dev/changeNotice";
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
});
