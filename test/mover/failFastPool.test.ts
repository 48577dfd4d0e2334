import { describe, expect, it } from "vitest";
import { failFastPool } from "../../src/mover/failFastPool";

describe("failFastPool", () => {
  it("starts nothing after a failure, waits for what is in flight, then throws the first error", async () => {
    const log: string[] = [];
    const work = async (n: number) => {
      log.push(`start ${n}`);
      await new Promise((resolve) => setTimeout(resolve, n === 2 ? 5 : 30));
      log.push(`end ${n}`);
      if (n === 2) throw new Error("part 2 failed");
      return n;
    };
    await expect(failFastPool([1, 2, 3, 4, 5, 6], 3, work)).rejects.toThrow("part 2 failed");
    log.push("thrown");
    expect(log).toEqual(["start 1", "start 2", "start 3", "end 2", "end 1", "end 3", "thrown"]);
  });

  it("returns every result in order when nothing fails, never more than `limit` at once", async () => {
    let running = 0;
    let most = 0;
    const results = await failFastPool([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});
