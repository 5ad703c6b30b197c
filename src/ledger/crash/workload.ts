/**
 * The crash test's workload: a deterministic plan of requests per client, so the test can name
 * every transfer a killed writer may have submitted and submit it again. Single transfers, linked
 * chains that succeed, and linked chains whose last member names an account that does not exist
 * (so the whole chain fails, whatever the balances).
 */
import { seededRandom } from '../../kernel/random.ts';
import type { TransferInput } from '../types.ts';

export const CRASH_TENANT = 'crash';
export const CRASH_ACCOUNTS = 20;
export const MISSING_ACCOUNT = 'crash_missing';

export type PlannedKind = 'single' | 'chain' | 'failingChain';

export interface PlannedRequest {
  readonly kind: PlannedKind;
  readonly transfers: readonly TransferInput[];
}

export function crashAccountId(i: number): string {
  return `crash_acc_${i}`;
}

/** Request `n` of client `client`: the same on every call. */
export function plannedRequest(client: number, n: number): PlannedRequest {
  const random = seededRandom(client * 1_000_003 + n);
  const roll = random.next();
  const kind: PlannedKind = roll < 0.6 ? 'single' : roll < 0.9 ? 'chain' : 'failingChain';
  const length = kind === 'single' ? 1 : 3;
  const transfers: TransferInput[] = [];
  for (let i = 0; i < length; i++) {
    const debit = random.int(0, CRASH_ACCOUNTS - 1);
    const credit = (debit + random.int(1, CRASH_ACCOUNTS - 1)) % CRASH_ACCOUNTS;
    const last = i === length - 1;
    transfers.push({
      id: `k${client}_${n}_${i}`,
      debitAccountId: kind === 'failingChain' && last ? MISSING_ACCOUNT : crashAccountId(debit),
      creditAccountId: crashAccountId(credit),
      amount: BigInt(random.int(1, 10_000)),
      ledger: 'CNY',
      code: 1,
      ...(last ? {} : { flags: { linked: true } }),
    });
  }
  return { kind, transfers };
}
