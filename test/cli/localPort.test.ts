import { describe, expect, it } from "vitest";
import { localPort } from "../../src/cli/localPort";
import { REPO } from "../synth";
import { runCli } from "./runCli";

describe("--port of the commands that read the local platform", () => {
  it.each([
    ["7480", 7480],
    ["51480", 51480],
    ["0x1F90", undefined],
    ["1e3", undefined],
    [" 7480", undefined],
    ["7480.0", undefined],
    ["abc", undefined],
    ["0", undefined],
    ["65536", undefined],
    ["", undefined],
  ])("reads %j as %j", (text, port) => {
    expect(localPort(text)).toBe(port);
  });

  it.each([
    ["status", "court_listings_weekly", "--local", "--root", REPO],
    ["status", "court_listings_weekly", "--history", "--from", "2026-12-01", "--local", "--root", REPO],
    ["public-key", "--local"],
  ])("%s refuses a --port it cannot read, quoting it, before reading anything", async (...args) => {
    for (const port of ["abc", "0x1F90"]) {
      const { code, stderr } = await runCli([...args, "--port", port]);
      expect(code).toBe(2);
      expect(stderr).toContain(
        `--port must be the port the local platform was started with, e.g. --port 7480; found ${JSON.stringify(port)}`,
      );
    }
  });
});
