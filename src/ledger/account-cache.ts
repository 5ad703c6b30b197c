/**
 * What a ledger remembers about accounts between batches: the immutable part of each account it has
 * read (ledger, code, flags). Only an account's counters ever change and no account row is ever
 * deleted, so an entry never goes stale; it lets a batch of plain transfers that no balance decides
 * skip the read (batch-store.ts, `blindBatchState`). Filled only with committed rows (group-commit
 * reads, and accounts once their creating transaction committed), never from a caller's transaction,
 * which could still roll an account's creation back.
 * Bounded by limits.ledgerAccountCacheMax: when full, it forgets everything and starts over.
 */
import { limits } from '../kernel/limits.ts';

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

/** Keyed by tenant, then id: a look-up builds no key string (it runs twice per transfer). */
export function createAccountCache(max: number = limits.ledgerAccountCacheMax): AccountCache {
  const tenants = new Map<string, Map<string, AccountShape>>();
  let size = 0;
  return {
    get: (tenantId, id) => tenants.get(tenantId)?.get(id),
    remember(accounts) {
      for (const a of accounts) {
        if (tenants.get(a.tenantId)?.has(a.id)) continue;
        if (size >= max) {
          tenants.clear();
          size = 0;
        }
        let shapes = tenants.get(a.tenantId);
        if (!shapes) tenants.set(a.tenantId, (shapes = new Map()));
        shapes.set(a.id, { ledger: a.ledger, code: a.code, flags: a.flags });
        size++;
      }
    },
    get size() {
      return size;
    },
  };
}
