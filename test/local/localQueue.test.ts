import { describe, expect, it } from "vitest";
import type { Tried, Verdict } from "../../src/delivery/afterMove";
import { localQueue } from "../../src/local/localQueue";

const event = (key: string) => ({ bucket: "mojap-hub-exports", key });

describe("the local queue (SQS's stand-in)", () => {
  it("moves events in batches and tries again only what the post-move loop says to retry, counting tries as SQS does", async () => {
    const seen: Tried[] = [];
    const verdicts: Record<string, Verdict[]> = {
      "ds/retried.csv": ["retry", "retry", "done"],
      "ds/lost.csv": ["given-up"],
    };
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const queue = localQueue(async (batch) => {
      seen.push(...batch);
      const out = batch.map((t) => verdicts[t.event.key]?.[t.attempt - 1] ?? "done");
      if (batch.some((t) => t.event.key === "ds/retried.csv" && t.attempt === 3)) finish();
      return Promise.resolve(out);
    });
    queue.enqueue([event("ds/retried.csv"), event("ds/lost.csv"), event("ds/fine.csv")]);
    await finished;
    expect(seen.map((t) => `${t.event.key}#${t.attempt}`).sort()).toEqual(
      ["ds/fine.csv#1", "ds/lost.csv#1", "ds/retried.csv#1", "ds/retried.csv#2", "ds/retried.csv#3"].sort(),
    );
    expect(queue.waiting()).toEqual(new Set());
  });
});
