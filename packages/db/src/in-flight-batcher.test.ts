import { describe, expect, it } from "vitest";
import { InFlightBatcher } from "./in-flight-batcher";

/** A batch runner whose batches finish only when the test says so, recording what it was given. */
function controlledRunner() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const run = (batch: number[]) => {
    batches.push(batch);
    return new Promise<number[]>((resolve) => {
      finishers.push(() => resolve(batch.map((value) => value * 10)));
    });
  };
  /** Lets the oldest unfinished batch answer, then lets the batcher send the next one. */
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, run, finishNext };
}

describe("InFlightBatcher", () => {
  it("sends a lone request at once, alone", async () => {
    const runner = controlledRunner();
    const batcher = new InFlightBatcher(runner.run, { maxBatch: 8 });
    const answer = batcher.submit(1);
    expect(runner.batches).toEqual([[1]]);
    await runner.finishNext();
    await expect(answer).resolves.toBe(10);
  });

  it("groups what arrives while a batch is in flight into the next batch, up to maxBatch", async () => {
    const runner = controlledRunner();
    const batcher = new InFlightBatcher(runner.run, { maxBatch: 3 });
    const answers = [1, 2, 3, 4, 5, 6].map((value) => batcher.submit(value));
    expect(runner.batches).toEqual([[1]]);
    await runner.finishNext();
    expect(runner.batches).toEqual([[1], [2, 3, 4]]);
    await runner.finishNext();
    expect(runner.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    await runner.finishNext();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("lets `take` keep requests back for a later batch, in order", async () => {
    const runner = controlledRunner();
    // One even and one odd number per batch at most.
    const batcher = new InFlightBatcher(runner.run, {
      maxBatch: 8,
      take: (waiting) => {
        const seen = new Set<number>();
        return waiting.flatMap((value, index) => {
          if (seen.has(value % 2)) return [];
          seen.add(value % 2);
          return [index];
        });
      },
    });
    const answers = [1, 2, 4, 6, 3].map((value) => batcher.submit(value));
    await runner.finishNext();
    await runner.finishNext();
    await runner.finishNext();
    await runner.finishNext();
    expect(runner.batches).toEqual([[1], [2, 3], [4], [6]]);
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 40, 60, 30]);
  });

  it("rejects every request of a failed batch, and only those", async () => {
    let calls = 0;
    const batcher = new InFlightBatcher(
      async (batch: number[]) => {
        calls++;
        if (calls === 2) throw new Error("connection lost");
        return batch.map((value) => value * 10);
      },
      { maxBatch: 8 },
    );
    const first = batcher.submit(1);
    const failed = [batcher.submit(2), batcher.submit(3)];
    await expect(first).resolves.toBe(10);
    for (const answer of failed) await expect(answer).rejects.toThrow("connection lost");
    await expect(batcher.submit(4)).resolves.toBe(40);
  });

  it("rejects the requests a batch left without an answer", async () => {
    const batcher = new InFlightBatcher(async (batch: number[]) => batch.slice(1), {
      maxBatch: 8,
    });
    const lone = batcher.submit(1);
    await expect(lone).rejects.toThrow("a batch of 1 got 0 answers");
  });
});
