import type { Tried, Verdict } from "../delivery/afterMove";
import type { ObjectEvent } from "../mover/objectEvent";

/**
 * Moves one batch and says, per event, what becomes of it: the local platform's mover, which
 * ends in afterMove as the Lambda's does.
 */
export type BatchMover = (batch: readonly Tried[]) => Promise<Verdict[]>;

/** The local stand-in for the mover's SQS queue and Lambda's pollers. */
export interface LocalQueue {
  /** Adds events as new messages: their tries start at 1, as a new SQS message's receives do. */
  enqueue(events: readonly ObjectEvent[]): void;
  /** The keys waiting in the queue now (not those being moved). */
  waiting(): Set<string>;
}

/** Up to this many batches at once, as Lambda takes them from an SQS queue. */
const WORKERS = 5;
/** Events per batch: the event source mapping's batchSize (src/infra/core/moverFunction.ts). */
const BATCH_SIZE = 10;
/** How long a failed event waits per try before it is tried again: SQS's visibility timeout, shortened. */
const RETRY_DELAY_MS = 500;

/**
 * The queue SQS would be: events wait here, are moved in batches by a pool of workers, and are
 * tried again after a failure until the mover gives up (afterMove's verdicts).
 *
 * WORKERS is five because Lambda starts with five batches at a time from an SQS queue
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html). A batch takes what
 * waits in the queue, up to 10 events. Events arrive one by one, so more workers make smaller
 * batches, each with its own versions listing: on a quiet machine 16 workers cost the engine more
 * per object than 5 and moved fewer objects a second, while both kept pace with an AWS CLI upload
 * (docs/benchmarks.md, end to end).
 */
export function localQueue(move: BatchMover): LocalQueue {
  const queue: Tried[] = [];
  let workers = 0;
  const work = async () => {
    workers++;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, BATCH_SIZE);
        const verdicts = await move(batch);
        batch.forEach((tried, i) => {
          if (verdicts[i] !== "retry") return;
          setTimeout(() => {
            queue.push({ ...tried, attempt: tried.attempt + 1 });
            drain();
          }, RETRY_DELAY_MS * tried.attempt);
        });
      }
    } finally {
      workers--;
    }
  };
  const drain = () => {
    while (workers < WORKERS && queue.length > 0) void work();
  };
  return {
    enqueue(events) {
      queue.push(...events.map((event) => ({ event, attempt: 1 })));
      drain();
    },
    waiting: () => new Set(queue.map((q) => q.event.key)),
  };
}
