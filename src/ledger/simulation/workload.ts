/**
 * A seeded generator of ledger traffic for the simulation: a chart of accounts (some with limits, some
 * closed, some kept near 2^63 for overflows, two currencies) and requests of varied sizes mixing plain
 * and balancing transfers, two-phase holds with and without timeouts, posts (whole, partial, too
 * large), voids, linked chains (some with a failing member, some left open), exact replays, replays
 * with one field changed, invalid inputs and unknown accounts. It knows only what it generated, never
 * what the ledger answered: the reference model decides every expected outcome.
 */
import type { Random } from '../../kernel/random.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { INT64_MAX } from '../../kernel/money.ts';
import type { AccountFlags, AccountInput, TransferInput } from '../types.ts';

export interface Workload {
  readonly accounts: AccountInput[];
  /** The next request: 1 to `sizeMax` transfers. */
  request(sizeMax: number): TransferInput[];
}

const LEDGERS = ['CNY', 'USD'] as const;
const RECENT_MAX = 400;

function accountFlags(random: Random): AccountFlags {
  const roll = random.next();
  if (roll < 0.3) return { debitsMustNotExceedCredits: true, history: random.chance(0.3) };
  if (roll < 0.45) return { creditsMustNotExceedDebits: true };
  if (roll < 0.5) return { closed: true };
  return random.chance(0.2) ? { history: true } : {};
}

export function createWorkload(random: Random, prefix: string, accountsPerLedger = 16): Workload {
  const accounts: AccountInput[] = [];
  for (const ledger of LEDGERS) {
    for (let i = 0; i < accountsPerLedger; i++) accounts.push({ id: `${prefix}${ledger}${i}`, ledger, code: 1 + (i % 7), flags: accountFlags(random) });
  }
  // Unbounded accounts that huge transfers push towards 2^63 − 1, so overflows happen.
  const big = [0, 1, 2].map((i) => `${prefix}big${i}`);
  for (const id of big) accounts.push({ id, ledger: 'CNY', code: 9 });
  const byLedger = new Map(LEDGERS.map((l) => [l, accounts.filter((a) => a.ledger === l && !a.id.includes('big')).map((a) => a.id)]));

  let next = 0;
  const newId = (): string => `${prefix}t${(next++).toString(36)}`;
  const recent: TransferInput[] = [];
  const holds: TransferInput[] = [];
  const remember = (t: TransferInput, list: TransferInput[]): void => {
    list.push(t);
    if (list.length > RECENT_MAX) list.splice(0, list.length - RECENT_MAX);
  };

  const amount = (): bigint => BigInt(random.chance(0.8) ? random.int(1, 500) : random.int(1, 50_000));
  const pair = (): [string, string, string] => {
    const ledger = random.pick(LEDGERS);
    const ids = byLedger.get(ledger) as string[];
    const debit = random.pick(ids);
    let credit = random.pick(ids);
    while (credit === debit) credit = random.pick(ids);
    return [debit, credit, ledger];
  };
  const effectiveOn = (): LocalDate | undefined => (random.chance(0.1) ? (`2026-0${random.int(1, 9)}-1${random.int(0, 9)}` as LocalDate) : undefined);

  const plain = (): TransferInput => {
    const [debitAccountId, creditAccountId, ledger] = pair();
    return { id: newId(), debitAccountId, creditAccountId, amount: amount(), ledger, code: random.int(1, 20), effectiveOn: effectiveOn(), reference: random.chance(0.1) ? 'ref' : undefined };
  };
  const hold = (): TransferInput => {
    const timeoutSeconds = random.chance(0.5) ? 0 : random.int(1, 300);
    return { ...plain(), flags: { pending: true }, timeoutSeconds };
  };
  const balancing = (): TransferInput => {
    const which = random.next();
    const flags = which < 0.4 ? { balancingDebit: true } : which < 0.8 ? { balancingCredit: true } : { balancingDebit: true, balancingCredit: true };
    return { ...plain(), amount: BigInt(random.int(1, 5_000)), flags: random.chance(0.2) ? { ...flags, pending: true } : flags };
  };
  const pendingIdToResolve = (): string => {
    const roll = random.next();
    if (roll < 0.85 && holds.length > 0) return (random.chance(0.6) ? holds[holds.length - 1 - random.int(0, Math.min(20, holds.length - 1))] as TransferInput : random.pick(holds)).id;
    if (roll < 0.95 && recent.length > 0) return random.pick(recent).id; // often not a pending transfer
    return `${prefix}missing${random.int(0, 5)}`;
  };
  const post = (): TransferInput => {
    const pendingId = pendingIdToResolve();
    const roll = random.next();
    const amountToPost = roll < 0.45 ? undefined : roll < 0.9 ? BigInt(random.int(1, 300)) : BigInt(random.int(400, 60_000));
    return { id: newId(), pendingId, amount: amountToPost, flags: { postPending: true } };
  };
  const voidHold = (): TransferInput => {
    const t: TransferInput = { id: newId(), pendingId: pendingIdToResolve(), flags: { voidPending: true } };
    return random.chance(0.1) ? { ...t, amount: BigInt(random.int(1, 500)) } : t;
  };
  const overflow = (): TransferInput => {
    const debit = random.pick(big);
    let credit = random.pick(big);
    while (credit === debit) credit = random.pick(big);
    const huge = INT64_MAX / BigInt(random.int(2, 5)) + BigInt(random.int(0, 1000));
    return { id: newId(), debitAccountId: debit, creditAccountId: credit, amount: huge, ledger: 'CNY', code: 3, flags: random.chance(0.5) ? { pending: true } : {} };
  };
  const unknownAccount = (): TransferInput => (random.chance(0.5) ? { ...plain(), debitAccountId: `${prefix}nobody` } : { ...plain(), creditAccountId: `${prefix}nobody` });
  const crossLedger = (): TransferInput => {
    const [debitAccountId, , ledger] = pair();
    const other = byLedger.get(ledger === 'CNY' ? 'USD' : 'CNY') as string[];
    return random.chance(0.5) ? { ...plain(), debitAccountId, creditAccountId: random.pick(other), ledger } : { ...plain(), ledger: ledger === 'CNY' ? 'USD' : 'CNY' };
  };
  const invalid = (): TransferInput => {
    const t = plain();
    const broken: TransferInput[] = [
      { ...t, id: 'has space' },
      { ...t, amount: 0n },
      { ...t, amount: INT64_MAX + 1n },
      { ...t, amount: undefined },
      { ...t, ledger: 'XYZ' },
      { ...t, code: 0 },
      { ...t, creditAccountId: t.debitAccountId },
      { ...t, timeoutSeconds: 30 },
      { ...t, pendingId: pendingIdToResolve() },
      { ...t, flags: { pending: true, postPending: true } },
      { ...t, flags: { postPending: true } },
      { ...t, effectiveOn: '2026-02-30' as LocalDate },
      { ...t, reference: 'r'.repeat(256) },
      { id: t.id, pendingId: t.id, flags: { voidPending: true } },
    ];
    return random.pick(broken);
  };
  const replay = (): TransferInput => (recent.length > 0 ? random.pick(recent) : plain());
  const changed = (): TransferInput => {
    if (recent.length === 0) return plain();
    const t = random.pick(recent);
    const changes: TransferInput[] = [
      { ...t, amount: (t.amount ?? 1n) + 1n },
      { ...t, reference: 'changed' },
      { ...t, code: ((t.code ?? 1) % 20) + 1 },
      { ...t, effectiveOn: '2025-12-31' as LocalDate },
      { ...t, flags: { ...t.flags, linked: !t.flags?.linked } },
      { ...t, debitAccountId: pair()[0] },
      { ...t, creditAccountId: pair()[1] },
    ];
    return random.pick(changes);
  };

  /** One transfer, or a linked chain, by weight. */
  const events: [number, () => TransferInput[]][] = [
    [30, () => [plain()]],
    [10, () => [hold()]],
    [9, () => [post()]],
    [5, () => [voidHold()]],
    [6, () => [balancing()]],
    [8, () => [replay()]],
    [6, () => [changed()]],
    [4, () => [invalid()]],
    [2, () => [overflow()]],
    [2, () => [unknownAccount()]],
    [2, () => [crossLedger()]],
    [10, () => chain()],
  ];
  const totalWeight = events.reduce((s, [w]) => s + w, 0);
  const event = (): TransferInput[] => {
    let roll = random.next() * totalWeight;
    for (const [weight, make] of events) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return [plain()];
  };
  const member = (): TransferInput => {
    const roll = random.next();
    if (roll < 0.5) return plain();
    if (roll < 0.65) return hold();
    if (roll < 0.8) return post();
    if (roll < 0.88) return balancing();
    if (roll < 0.94) return replay();
    return random.chance(0.5) ? invalid() : unknownAccount();
  };
  const chain = (): TransferInput[] => {
    const members = Array.from({ length: random.int(2, 5) }, member);
    const leaveOpen = random.chance(0.05);
    return members.map((t, i) => ({ ...t, flags: { ...t.flags, linked: i < members.length - 1 || leaveOpen } }));
  };

  return {
    accounts,
    request(sizeMax) {
      const size = random.int(1, sizeMax);
      const out: TransferInput[] = [];
      while (out.length < size) {
        for (const t of event()) {
          out.push(t);
          remember(t, recent);
          if (t.flags?.pending) remember(t, holds);
        }
      }
      return out;
    },
  };
}
