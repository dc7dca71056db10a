import type PgBoss from "pg-boss";

const DEADLOCK_DETECTED = "40P01";
const ATTEMPTS = 5;

/**
 * Creates pg-boss queues that may not exist yet. pg-boss 10 makes each queue a table partition,
 * and two processes creating the same queue at the same moment can deadlock; PostgreSQL then
 * aborts one of them, whose retry finds the queue made and returns. Creating an existing queue
 * does nothing, so every process can call this at start.
 */
export async function createQueues(boss: PgBoss, queues: readonly PgBoss.Queue[]): Promise<void> {
  for (const queue of queues) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await boss.createQueue(queue.name, queue);
        break;
      } catch (error) {
        if (attempt >= ATTEMPTS || !isDeadlock(error)) throw error;
        // A short random pause, so the two processes do not meet again at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * attempt));
      }
    }
  }
}

function isDeadlock(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    error.code === DEADLOCK_DETECTED
  );
}
