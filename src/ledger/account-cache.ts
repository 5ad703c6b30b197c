/**
 * What a ledger remembers about accounts between batches: the immutable part of each account it has
 * read (ledger, code, flags). Only an account's counters ever change and no account row is ever
 * deleted, so an entry never goes stale; it lets a batch of plain transfers between unbounded accounts
 * skip the read (batch-store.ts, `blindBatchState`). Filled only with committed rows (group-commit
 * reads, and accounts once their creating transaction committed), never from a caller's transaction,
 * which could still roll an account's creation back.
 * Bounded by limits.ledgerAccountCacheMax: when full, it forgets everything and starts over.
 */
import { limits } from '../kernel/limits.ts';
import { stateKey } from './state-machine.ts';

export interface AccountShape {
  readonly ledger: string;
  readonly code: number;
  readonly flags: number;
}

interface KnownAccount extends AccountShape {
  readonly tenantId: string;
  readonly id: string;
}

export interface AccountCache {
  get(tenantId: string, id: string): AccountShape | undefined;
  remember(accounts: Iterable<KnownAccount>): void;
  readonly size: number;
}

export function createAccountCache(max: number = limits.ledgerAccountCacheMax): AccountCache {
  const shapes = new Map<string, AccountShape>();
  return {
    get: (tenantId, id) => shapes.get(stateKey(tenantId, id)),
    remember(accounts) {
      for (const a of accounts) {
        const key = stateKey(a.tenantId, a.id);
        if (shapes.has(key)) continue;
        if (shapes.size >= max) shapes.clear();
        shapes.set(key, { ledger: a.ledger, code: a.code, flags: a.flags });
      }
    },
    get size() {
      return shapes.size;
    },
  };
}
