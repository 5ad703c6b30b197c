/**
 * Bounded retry of whole transactions that PostgreSQL aborted for serialization or deadlock.
 */
import { limits } from '../kernel/limits.ts';
import { RETRYABLE_SQLSTATES, sqlState } from './database.ts';

export async function withTransactionRetry<T>(attempt: () => Promise<T>, retries: number = limits.transactionRetriesMax): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlState(error);
      if (tries >= retries || state === undefined || !RETRYABLE_SQLSTATES.has(state)) throw error;
      // Back off a little, with jitter, so colliding transactions do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (tries + 1)));
    }
  }
}
