import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant, type ManualClock } from '../kernel/instant.ts';
import { localDate } from '../kernel/local-date.ts';
import { limits } from '../kernel/limits.ts';
import { applyInRequests, createLedger, type Ledger } from './ledger.ts';
import type { TransferInput } from './types.ts';

const T = 'tenant_a';
let db: Database;
let clock: ManualClock;
let ledger: Ledger;
let n = 0;
const id = (p: string) => `${p}${++n}`;

beforeAll(async () => {
  db = await openTestDatabase();
  clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
  ledger = createLedger({ db, clock });
});
afterAll(async () => {
  await db.close();
});

async function accounts(...specs: { flags?: Parameters<Ledger['createAccounts']>[1][number]['flags']; ledger?: string }[]): Promise<string[]> {
  const ids = specs.map(() => id('acc'));
  const r = await ledger.createAccounts(T, specs.map((s, i) => ({ id: ids[i] as string, ledger: s.ledger ?? 'CNY', code: 10, flags: s.flags })));
  expect(r).toEqual({ ok: true, value: specs.map(() => 'ok') });
  return ids;
}

async function transfer(...inputs: TransferInput[]): Promise<string[]> {
  const r = await ledger.createTransfers(T, inputs);
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

async function balances(accountId: string) {
  const b = await ledger.balance(T, accountId);
  return b && { dp: b.debitsPending, dpo: b.debitsPosted, cp: b.creditsPending, cpo: b.creditsPosted };
}

describe('accounts', () => {
  it('are idempotent by id and refuse a changed payload', async () => {
    const a = id('acc');
    expect(await ledger.createAccounts(T, [{ id: a, ledger: 'CNY', code: 1 }, { id: a, ledger: 'CNY', code: 1 }, { id: a, ledger: 'CNY', code: 2 }])).toEqual({ ok: true, value: ['ok', 'exists', 'exists_with_different_code'] });
    expect(await ledger.createAccounts(T, [{ id: a, ledger: 'USD', code: 1 }, { id: a, ledger: 'CNY', code: 1, flags: { history: true } }])).toEqual({ ok: true, value: ['exists_with_different_ledger', 'exists_with_different_flags'] });
  });

  it('refuse bad input', async () => {
    const r = await ledger.createAccounts(T, [
      { id: 'bad id', ledger: 'CNY', code: 1 },
      { id: id('acc'), ledger: 'XXX', code: 1 },
      { id: id('acc'), ledger: 'CNY', code: 0 },
      { id: id('acc'), ledger: 'CNY', code: 1, flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true } },
    ]);
    expect(r).toEqual({ ok: true, value: ['id_invalid', 'ledger_invalid', 'code_invalid', 'flags_are_mutually_exclusive'] });
  });
});

describe('transfers', () => {
  it('post, replay, and refuse a changed payload under the same id', async () => {
    const [a, b] = await accounts({}, {});
    const t = { id: id('t'), debitAccountId: a, creditAccountId: b, amount: 500n, ledger: 'CNY', code: 1 } as TransferInput;
    expect(await transfer(t)).toEqual(['ok']);
    expect(await transfer(t)).toEqual(['exists']);
    expect(await transfer({ ...t, amount: 501n })).toEqual(['exists_with_different_amount']);
    expect(await transfer({ ...t, reference: 'x' })).toEqual(['exists_with_different_reference']);
    expect(await balances(a as string)).toEqual({ dp: 0n, dpo: 500n, cp: 0n, cpo: 0n });
    expect(await balances(b as string)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 500n });
  });

  it('answer validation codes in precedence order and write nothing', async () => {
    const [a, b] = await accounts({}, {});
    const base = { debitAccountId: a, creditAccountId: b, amount: 1n, ledger: 'CNY', code: 1 };
    const cases: [TransferInput, string][] = [
      [{ ...base, id: '' }, 'id_invalid'],
      [{ ...base, id: id('t'), flags: { pending: true, voidPending: true } }, 'flags_are_mutually_exclusive'],
      [{ ...base, id: id('t'), flags: { postPending: true } }, 'pending_id_required'],
      [{ ...base, id: id('t'), pendingId: 'x' }, 'pending_id_must_be_blank'],
      [{ ...base, id: id('t'), timeoutSeconds: 5 }, 'timeout_reserved_for_pending_transfer'],
      [{ ...base, id: id('t'), creditAccountId: a }, 'accounts_must_be_different'],
      [{ ...base, id: id('t'), amount: 0n }, 'amount_must_be_positive'],
      [{ ...base, id: id('t'), amount: -5n }, 'amount_must_be_positive'],
      [{ ...base, id: id('t'), amount: 2n ** 63n }, 'amount_out_of_range'],
      [{ ...base, id: id('t'), ledger: 'XXX' }, 'ledger_invalid'],
      [{ ...base, id: id('t'), code: 0 }, 'code_invalid'],
      [{ ...base, id: id('t'), effectiveOn: localDate('2026-01-01').replace('01-01', '02-30') as never }, 'effective_on_invalid'],
      [{ ...base, id: id('t'), debitAccountId: 'nope' }, 'debit_account_not_found'],
      [{ ...base, id: id('t'), creditAccountId: 'nope' }, 'credit_account_not_found'],
      [{ ...base, id: id('t'), ledger: 'USD' }, 'transfer_must_have_the_same_ledger_as_accounts'],
    ];
    for (const [input, code] of cases) expect([input.id, await transfer(input)]).toEqual([input.id, [code]]);
    expect(await balances(a as string)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 0n });
  });

  it('spend the id of a transfer that failed on state, and only then', async () => {
    const [wallet, funding] = await accounts({ flags: { debitsMustNotExceedCredits: true } }, {});
    const t = { id: id('t'), debitAccountId: wallet, creditAccountId: funding, amount: 100n, ledger: 'CNY', code: 1 } as TransferInput;
    expect(await transfer(t)).toEqual(['exceeds_credits']);
    await transfer({ id: id('t'), debitAccountId: funding, creditAccountId: wallet, amount: 1000n, ledger: 'CNY', code: 1 });
    expect(await transfer(t)).toEqual(['id_already_failed']);
    const invalid = { ...t, id: id('t'), amount: 0n };
    expect(await transfer(invalid)).toEqual(['amount_must_be_positive']);
    expect(await transfer({ ...invalid, amount: 100n })).toEqual(['ok']);
  });

  it('apply a linked chain whole or not at all', async () => {
    const [wallet, merchant, fees] = await accounts({ flags: { debitsMustNotExceedCredits: true } }, {}, {});
    await transfer({ id: id('t'), debitAccountId: merchant, creditAccountId: wallet, amount: 100n, ledger: 'CNY', code: 1 });
    const chain = (amount: bigint): TransferInput[] => [
      { id: id('t'), debitAccountId: wallet, creditAccountId: merchant, amount: 60n, ledger: 'CNY', code: 1, flags: { linked: true } },
      { id: id('t'), debitAccountId: wallet, creditAccountId: fees, amount, ledger: 'CNY', code: 2 },
      { id: id('t'), debitAccountId: fees, creditAccountId: merchant, amount: 1n, ledger: 'CNY', code: 3 },
    ];
    expect(await transfer(...chain(50n))).toEqual(['linked_event_failed', 'exceeds_credits', 'ok']);
    expect(await balances(wallet as string)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 100n });
    expect(await transfer(...chain(40n))).toEqual(['ok', 'ok', 'ok']);
    expect(await balances(wallet as string)).toEqual({ dp: 0n, dpo: 100n, cp: 0n, cpo: 100n });
    // Every member would succeed, but the request ends inside the chain: nothing is applied.
    const open = chain(1n).map((t) => ({ ...t, debitAccountId: merchant, creditAccountId: fees, flags: { linked: true } }));
    expect(await transfer(...open)).toEqual(['linked_event_failed', 'linked_event_failed', 'linked_event_chain_open']);
    expect(await balances(merchant as string)).toEqual({ dp: 0n, dpo: 100n, cp: 0n, cpo: 62n });
  });

  it('hold, post in part, void, and refuse to resolve twice', async () => {
    const [line, merchant] = await accounts({ flags: { debitsMustNotExceedCredits: true } }, {});
    await transfer({ id: id('t'), debitAccountId: merchant, creditAccountId: line, amount: 1000n, ledger: 'CNY', code: 1 });
    const hold = id('hold');
    expect(await transfer({ id: hold, debitAccountId: line, creditAccountId: merchant, amount: 800n, ledger: 'CNY', code: 5, flags: { pending: true } })).toEqual(['ok']);
    expect(await transfer({ id: id('t'), debitAccountId: line, creditAccountId: merchant, amount: 300n, ledger: 'CNY', code: 1 })).toEqual(['exceeds_credits']);
    expect(await transfer({ id: id('t'), pendingId: hold, amount: 900n, flags: { postPending: true } })).toEqual(['exceeds_pending_transfer_amount']);
    expect(await transfer({ id: id('t'), pendingId: hold, amount: 600n, flags: { postPending: true } })).toEqual(['ok']);
    expect(await balances(line as string)).toEqual({ dp: 0n, dpo: 600n, cp: 0n, cpo: 1000n });
    expect(await transfer({ id: id('t'), pendingId: hold, flags: { voidPending: true } })).toEqual(['pending_transfer_already_posted']);
    const hold2 = id('hold');
    await transfer({ id: hold2, debitAccountId: line, creditAccountId: merchant, amount: 100n, ledger: 'CNY', code: 5, flags: { pending: true } });
    expect(await transfer({ id: id('t'), pendingId: hold2, flags: { voidPending: true } })).toEqual(['ok']);
    expect(await transfer({ id: id('t'), pendingId: hold2, flags: { postPending: true } })).toEqual(['pending_transfer_already_voided']);
    expect(await transfer({ id: id('t'), pendingId: 'missing', flags: { postPending: true } })).toEqual(['pending_transfer_not_found']);
    expect(await balances(line as string)).toEqual({ dp: 0n, dpo: 600n, cp: 0n, cpo: 1000n });
  });

  it('expire a pending transfer after its timeout', async () => {
    const [a, b] = await accounts({}, {});
    const hold = id('hold');
    await transfer({ id: hold, debitAccountId: a, creditAccountId: b, amount: 70n, ledger: 'CNY', code: 5, flags: { pending: true }, timeoutSeconds: 60 });
    expect(await balances(a as string)).toEqual({ dp: 70n, dpo: 0n, cp: 0n, cpo: 0n });
    clock.advanceMs(61_000);
    expect(await transfer({ id: id('t'), pendingId: hold, flags: { postPending: true } })).toEqual(['pending_transfer_expired']);
    expect(await ledger.expirePendingTransfers()).toBeGreaterThanOrEqual(1);
    expect(await balances(a as string)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 0n });
    expect(await transfer({ id: id('t'), pendingId: hold, flags: { voidPending: true } })).toEqual(['pending_transfer_expired']);
  });

  it('leave no expiry behind for a pending transfer resolved in its own batch', async () => {
    const [a, b] = await accounts({}, {});
    const [kept, posted, voided] = [id('hold'), id('hold'), id('hold')];
    const hold = (holdId: string): TransferInput => ({ id: holdId, debitAccountId: a, creditAccountId: b, amount: 10n, ledger: 'CNY', code: 5, flags: { pending: true }, timeoutSeconds: 60 });
    // One request is one batch.
    expect(await transfer(
      hold(kept),
      hold(posted), { id: id('t'), pendingId: posted, amount: 4n, flags: { postPending: true } },
      hold(voided), { id: id('t'), pendingId: voided, flags: { voidPending: true } },
    )).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const waiting = await db.query<{ pending_id: string }>(
      'SELECT pending_id FROM ledger_pending_expiries WHERE tenant_id = $1 AND pending_id = ANY($2::text[])',
      [T, [kept, posted, voided]],
    );
    expect(waiting.map((r) => r.pending_id)).toEqual([kept]);
    expect(await balances(a as string)).toEqual({ dp: 10n, dpo: 4n, cp: 0n, cpo: 0n });
  });

  it('balance a transfer down to what the account holds', async () => {
    const [wallet, bank] = await accounts({ flags: { debitsMustNotExceedCredits: true } }, {});
    await transfer({ id: id('t'), debitAccountId: bank, creditAccountId: wallet, amount: 250n, ledger: 'CNY', code: 1 });
    const sweep = { id: id('t'), debitAccountId: wallet, creditAccountId: bank, amount: 1000n, ledger: 'CNY', code: 2, flags: { balancingDebit: true } } as TransferInput;
    expect(await transfer(sweep)).toEqual(['ok']);
    expect(await transfer(sweep)).toEqual(['exists']);
    const [t] = await ledger.lookupTransfers(T, [sweep.id]);
    expect(t?.amount).toBe(250n);
  });

  it('refuse closed accounts and transfers across currencies', async () => {
    const [closed, open] = await accounts({ flags: { closed: true } }, {});
    const [usd] = await accounts({ ledger: 'USD' });
    expect(await transfer({ id: id('t'), debitAccountId: closed, creditAccountId: open, amount: 1n, ledger: 'CNY', code: 1 })).toEqual(['debit_account_closed']);
    expect(await transfer({ id: id('t'), debitAccountId: open, creditAccountId: usd, amount: 1n, ledger: 'CNY', code: 1 })).toEqual(['accounts_must_have_the_same_ledger']);
  });
});

describe("inside a caller's transaction", () => {
  it('posts with the transaction and goes with its rollback', async () => {
    const [a, b] = (await accounts({}, {})) as [string, string];
    const t = { id: id('t'), debitAccountId: a, creditAccountId: b, amount: 70n, ledger: 'CNY', code: 1 } as TransferInput;
    await expect(db.transaction(async (tx) => {
      expect(await ledger.applyTransfers(tx, T, [t])).toEqual({ ok: true, value: ['ok'] });
      throw new Error('the caller changes its mind');
    })).rejects.toThrow('the caller changes its mind');
    expect(await ledger.lookupTransfers(T, [t.id])).toEqual([]);
    expect(await db.transaction((tx) => ledger.applyTransfers(tx, T, [t]))).toEqual({ ok: true, value: ['ok'] });
    expect(await balances(b)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 70n });
  });

  it('answers an id already used or spent exactly, and leaves the transaction usable', async () => {
    const [wallet, funding, a, b] = (await accounts({ flags: { debitsMustNotExceedCredits: true } }, {}, {}, {})) as [string, string, string, string];
    const posted = { id: id('t'), debitAccountId: a, creditAccountId: b, amount: 5n, ledger: 'CNY', code: 1 } as TransferInput;
    const spent = { id: id('t'), debitAccountId: wallet, creditAccountId: funding, amount: 100n, ledger: 'CNY', code: 1 } as TransferInput;
    expect(await transfer(posted, spent)).toEqual(['ok', 'exceeds_credits']);
    const fresh = { ...posted, id: id('t') };
    const results = await db.transaction(async (tx) => [
      // Plain transfers between unbounded accounts: the blind write is tried first and refused.
      await ledger.applyTransfers(tx, T, [posted]),
      await ledger.applyTransfers(tx, T, [{ ...spent, debitAccountId: a, creditAccountId: b }]),
      await ledger.applyTransfers(tx, T, [fresh]),
    ]);
    expect(results).toEqual([{ ok: true, value: ['exists'] }, { ok: true, value: ['id_already_failed'] }, { ok: true, value: ['ok'] }]);
    expect(await balances(b)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 10n });
  });

  it('credits a bounded account without a read, and still refuses a debit beyond its credits', async () => {
    const [source, bounded, sink] = (await accounts({}, { flags: { debitsMustNotExceedCredits: true } }, {})) as [string, string, string];
    const credit = { id: id('t'), debitAccountId: source, creditAccountId: bounded, amount: 50n, ledger: 'CNY', code: 1 } as TransferInput;
    const debit = (amount: bigint) => ({ id: id('t'), debitAccountId: bounded, creditAccountId: sink, amount, ledger: 'CNY', code: 1 }) as TransferInput;
    const results = await db.transaction(async (tx) => [
      await ledger.applyTransfers(tx, T, [credit]),
      await ledger.applyTransfers(tx, T, [debit(51n)]),
      await ledger.applyTransfers(tx, T, [debit(50n)]),
    ]);
    expect(results.map((r) => r.ok && r.value)).toEqual([['ok'], ['exceeds_credits'], ['ok']]);
    expect(await transfer({ ...credit, id: id('t') }, debit(60n))).toEqual(['ok', 'exceeds_credits']);
    expect(await balances(bounded)).toEqual({ dp: 0n, dpo: 50n, cp: 0n, cpo: 100n });
  });

  it('answers an overflow exactly, and leaves the transaction usable', async () => {
    const [filler, source, full] = (await accounts({}, {}, {})) as [string, string, string];
    const toFull = (from: string, amount: bigint) => ({ id: id('t'), debitAccountId: from, creditAccountId: full, amount, ledger: 'CNY', code: 1 }) as TransferInput;
    expect(await transfer(toFull(filler, 2n ** 63n - 2n))).toEqual(['ok']);
    const results = await db.transaction(async (tx) => [await ledger.applyTransfers(tx, T, [toFull(source, 2n)]), await ledger.applyTransfers(tx, T, [toFull(source, 1n)])]);
    expect(results.map((r) => r.ok && r.value)).toEqual([['overflows_credits_posted'], ['ok']]);
  });

  it('applies more transfers than a request holds in as many requests, but never splits a linked chain', async () => {
    const [a, b] = (await accounts({}, {})) as [string, string];
    const many = Array.from({ length: limits.ledgerRequestTransfersMax + 1 }, () => ({ id: id('t'), debitAccountId: a, creditAccountId: b, amount: 1n, ledger: 'CNY', code: 1 }) as TransferInput);
    const results = await db.transaction((tx) => applyInRequests(ledger, tx, T, many));
    expect(results).toHaveLength(many.length);
    expect(results.every((r) => r === 'ok')).toBe(true);
    const split = many.map((t, i) => ({ ...t, id: id('t'), flags: { linked: i === limits.ledgerRequestTransfersMax - 1 } }));
    await expect(db.transaction((tx) => applyInRequests(ledger, tx, T, split))).rejects.toThrow(/linked chain crosses/);
  });

  it('answers exists to a transaction that raced another for the same id, which posted it once', async () => {
    const [a, b] = (await accounts({}, {})) as [string, string];
    const t = { id: id('t'), debitAccountId: a, creditAccountId: b, amount: 9n, ledger: 'CNY', code: 1 } as TransferInput;
    let written!: () => void;
    const firstWrote = new Promise<void>((resolve) => (written = resolve));
    const first = db.transaction(async (tx) => {
      const result = await ledger.applyTransfers(tx, T, [t]);
      written();
      // Held open a moment, so that on PostgreSQL the second one's insert waits for this commit.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return result;
    });
    await firstWrote;
    const second = db.transaction((tx) => ledger.applyTransfers(tx, T, [t]));
    expect(await Promise.all([first, second])).toEqual([{ ok: true, value: ['ok'] }, { ok: true, value: ['exists'] }]);
    expect(await balances(b)).toEqual({ dp: 0n, dpo: 0n, cp: 0n, cpo: 9n });
  });
});

describe('reads', () => {
  let a: string;
  let b: string;
  beforeEach(async () => {
    [a, b] = (await accounts({ flags: { history: true } }, {})) as [string, string];
  });

  it('page through an account\'s transfers and its balance history', async () => {
    for (let i = 1; i <= 5; i++) await transfer({ id: id('t'), debitAccountId: a, creditAccountId: b, amount: BigInt(i), ledger: 'CNY', code: 1 });
    const first = await ledger.accountTransfers(T, a, { limit: 2 });
    expect(first.items.map((t) => t.amount)).toEqual([1n, 2n]);
    const second = await ledger.accountTransfers(T, a, { limit: 10, cursor: first.nextCursor });
    expect(second.items.map((t) => t.amount)).toEqual([3n, 4n, 5n]);
    expect(second.nextCursor).toBeNull();
    const history = await ledger.accountHistory(T, a, { limit: 10 });
    expect(history.items.map((h) => h.debitsPosted)).toEqual([1n, 3n, 6n, 10n, 15n]);
  });

  it('record the balances after an expiry, after the transfers recorded before it', async () => {
    const hold = id('hold');
    const plain = id('t');
    await transfer({ id: hold, debitAccountId: a, creditAccountId: b, amount: 70n, ledger: 'CNY', code: 5, flags: { pending: true }, timeoutSeconds: 60 });
    await transfer({ id: plain, debitAccountId: a, creditAccountId: b, amount: 5n, ledger: 'CNY', code: 1 });
    clock.advanceMs(61_000);
    expect(await ledger.expirePendingTransfers()).toBeGreaterThanOrEqual(1);
    const after = id('t');
    await transfer({ id: after, debitAccountId: b, creditAccountId: a, amount: 2n, ledger: 'CNY', code: 1 });
    const point = (event: string, transferId: string, dp: bigint, dpo: bigint, cpo: bigint) => ({ event, transferId, debitsPending: dp, debitsPosted: dpo, creditsPending: 0n, creditsPosted: cpo });
    const expected = [point('transfer', hold, 70n, 0n, 0n), point('transfer', plain, 70n, 5n, 0n), point('expiry', hold, 0n, 5n, 0n), point('transfer', after, 0n, 5n, 2n)];
    expect((await ledger.accountHistory(T, a, { limit: 10 })).items).toEqual(expected);
    // Page by page, the cursor of the expiry's row leads on to what came after it.
    const paged = [];
    let cursor: string | null = null;
    do {
      const page = await ledger.accountHistory(T, a, { limit: 1, cursor });
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(expected);
    // An account without the flag keeps no history.
    expect((await ledger.accountHistory(T, b, { limit: 10 })).items).toEqual([]);
  });

  it('record expiries of one sweep in order of expiry, then of creation', async () => {
    const [late, first, second] = [id('hold'), id('hold'), id('hold')];
    const hold = (holdId: string, amount: bigint, timeoutSeconds: number): TransferInput => ({ id: holdId, debitAccountId: a, creditAccountId: b, amount, ledger: 'CNY', code: 5, flags: { pending: true }, timeoutSeconds });
    await transfer(hold(late, 1n, 120), hold(first, 10n, 60), hold(second, 100n, 60));
    clock.advanceMs(121_000);
    expect(await ledger.expirePendingTransfers()).toBeGreaterThanOrEqual(3);
    const items = (await ledger.accountHistory(T, a, { limit: 10 })).items;
    expect(items.map((h) => [h.event, h.transferId, h.debitsPending])).toEqual([
      ['transfer', late, 1n], ['transfer', first, 11n], ['transfer', second, 111n],
      ['expiry', first, 101n], ['expiry', second, 1n], ['expiry', late, 0n],
    ]);
  });

  it('give balances as of an effective date', async () => {
    await transfer({ id: id('t'), debitAccountId: a, creditAccountId: b, amount: 10n, ledger: 'CNY', code: 1, effectiveOn: localDate('2026-01-10') });
    await transfer({ id: id('t'), debitAccountId: a, creditAccountId: b, amount: 20n, ledger: 'CNY', code: 1, effectiveOn: localDate('2026-01-20') });
    expect((await ledger.balance(T, a, localDate('2026-01-09')))?.debitsPosted).toBe(0n);
    expect((await ledger.balance(T, a, localDate('2026-01-15')))?.debitsPosted).toBe(10n);
    expect((await ledger.balance(T, a, localDate('2026-01-20')))?.debitsPosted).toBe(30n);
    expect(await ledger.balance(T, 'unknown')).toBeNull();
  });

  it('keep a trial balance that ties', async () => {
    const tb = await ledger.trialBalance(T, 'CNY');
    expect(tb.balanced).toBe(true);
    expect(tb.debitsPosted).toBeGreaterThan(0n);
    const asOf = await ledger.trialBalance(T, 'CNY', localDate('2026-12-31'));
    expect(asOf.debitsPosted).toBe(tb.debitsPosted);
  });

  it('give every ledger\'s trial balance from one pass, each as it is alone', async () => {
    const all = await ledger.trialBalances(T);
    expect(all.map((t) => t.ledger)).toContain('CNY');
    expect(all.map((t) => t.ledger)).toEqual([...new Set(all.map((t) => t.ledger))].sort());
    for (const one of all) expect(one).toEqual(await ledger.trialBalance(T, one.ledger));
  });
});

describe('the database', () => {
  it('refuses to update or delete a transfer', async () => {
    const [a, b] = await accounts({}, {});
    await transfer({ id: id('t'), debitAccountId: a, creditAccountId: b, amount: 1n, ledger: 'CNY', code: 1 });
    await expect(db.query('UPDATE ledger_transfers SET amount = 2')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM ledger_transfers')).rejects.toThrow(/append-only/);
  });
});
