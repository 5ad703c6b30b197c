import { expect, it } from 'vitest';
import { createAccountCache } from './account-cache.ts';

const account = (id: string) => ({ tenantId: 't', id, ledger: 'CNY', code: 1, flags: 0 });

it('remembers an account by tenant and id', () => {
  const cache = createAccountCache(10);
  cache.remember([account('a')]);
  expect(cache.get('t', 'a')).toEqual({ ledger: 'CNY', code: 1, flags: 0 });
  expect(cache.get('u', 'a')).toBeUndefined();
});

it('holds at most its limit (limits.ledgerAccountCacheMax), starting over when full', () => {
  const cache = createAccountCache(2);
  cache.remember([account('a'), account('b'), account('c')]);
  expect(cache.size).toBeLessThanOrEqual(2);
  expect(cache.get('t', 'c')).toBeDefined();
});
