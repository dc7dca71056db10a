/**
 * Chooses the batch that goes next: the positions, in `waiting` (oldest first), of at most
 * `maxBatch` requests; the others wait on, in order.
 */
export type TakeBatch<Request> = (waiting: readonly Request[], maxBatch: number) => number[];

interface Waiting<Request, Answer> {
  request: Request;
  resolve(answer: Answer | PromiseLike<Answer>): void;
  reject(error: unknown): void;
}

/**
 * Runs concurrent requests of one kind together. While a batch is in flight, new requests wait;
 * when it settles, the waiting ones go out as the next batch. A request that finds nothing in
 * flight goes at once, alone, so a lone caller never waits on a timer or on others; under load the
 * batches grow by themselves to what arrived during one round trip. It pays where the work is
 * mostly per statement, not per request: a small write spends most of its time on the round trip,
 * executor start-up and the commit's WAL flush, so one statement for many costs little more than
 * one for one. Small reads, which have no commit, measured slower batched (BENCHMARKS.md).
 *
 * `run` answers a batch in order, one answer (or a promise of one) per request; if it throws, every
 * request of the batch gets that error. `take` chooses the next batch (default: the first
 * `maxBatch` waiting).
 */
export class InFlightBatcher<Request, Answer> {
  private inFlight = false;
  private waiting: Waiting<Request, Answer>[] = [];

  constructor(
    private readonly run: (batch: Request[]) => Promise<(Answer | PromiseLike<Answer>)[]>,
    private readonly options: { maxBatch: number; take?: TakeBatch<Request> },
  ) {}

  submit(request: Request): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.inFlight) this.sendNext();
    });
  }

  private sendNext(): void {
    const batch = this.takeNext();
    if (batch.length === 0) return;
    this.inFlight = true;
    void this.send(batch).finally(() => {
      this.inFlight = false;
      this.sendNext();
    });
  }

  private takeNext(): Waiting<Request, Answer>[] {
    const { take, maxBatch } = this.options;
    if (take === undefined) return this.waiting.splice(0, maxBatch);
    const chosen = new Set(
      take(
        this.waiting.map((entry) => entry.request),
        maxBatch,
      ),
    );
    // The oldest request always goes, so a batch is never empty while requests wait.
    chosen.add(0);
    const batch = this.waiting.filter((_, index) => chosen.has(index));
    this.waiting = this.waiting.filter((_, index) => !chosen.has(index));
    return batch;
  }

  /** Settles every request of the batch; never rejects. */
  private async send(batch: readonly Waiting<Request, Answer>[]): Promise<void> {
    let answers: (Answer | PromiseLike<Answer>)[];
    try {
      answers = await this.run(batch.map((entry) => entry.request));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => {
      if (index < answers.length) entry.resolve(answers[index] as Answer | PromiseLike<Answer>);
      else entry.reject(new Error(`a batch of ${batch.length} got ${answers.length} answers`));
    });
  }
}
