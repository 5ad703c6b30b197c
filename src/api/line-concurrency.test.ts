/**
 * Concurrent commands on one credit line, generated, through HTTP on the wired services. Each run
 * opens a fresh line and sends two waves of commands at once: cash drawdowns and checkout holds,
 * then captures and voids (several on the same hold), repayments and refunds of the first wave's
 * loans, and more drawdowns. Whatever the interleaving: no server error; every hold ends in one
 * state, and a captured hold has one drawdown; and the line's limit, kept on the ledger, agrees with
 * the loan book and the holds read one by one: held = the authorized holds' amounts, outstanding =
 * the line's loans' principal receivable, available = limit − outstanding − held, never negative.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../compose.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { currency, formatAmount, parseAmount } from '../kernel/money.ts';
import { prcCheckCharacter } from '../lending/customers/id-number.ts';
import { PORTFOLIO_PRODUCTS } from '../lending/simulation/portfolio.ts';
import { buildApp } from './app.ts';

let services: Services;
let app: FastifyInstance;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const TODAY = '2026-03-01';
const CNY = currency('CNY');

const post = (url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, payload: payload as object });
const get = async (url: string) => (await app.inject({ method: 'GET', url })).json();
const minor = (amount: string): bigint => {
  const parsed = parseAmount(amount, CNY);
  expect(parsed.ok, amount).toBe(true);
  return parsed.ok ? parsed.value : 0n;
};

beforeAll(async () => {
  services = wireServices(await openTestDatabase({ maxConnections: 10 }), clock);
  app = await buildApp(services);
  expect((await post('/v1/products', { id: 'bnpl', document: PORTFOLIO_PRODUCTS.bnpl })).statusCode).toBe(201);
});
afterAll(async () => {
  await app.close();
  await services.close();
});

let lines = 0;
/** A new customer with a new line on the installment product; its id and limit. */
async function openLine(): Promise<{ lineId: string; limitMinor: bigint }> {
  const n = ++lines;
  const first17 = `11010519900101${String(n).padStart(3, '0')}`;
  const customer = { id: `c-${n}`, idNumber: first17 + prcCheckCharacter(first17), name: 'Bo', phone: `139${String(n).padStart(8, '0')}`, birthOn: '1990-01-01' };
  expect((await post('/v1/customers', customer)).statusCode).toBe(201);
  const applied = await post('/v1/credit-line-applications', { customerId: customer.id, productId: 'bnpl', monthlyIncome: '20000.00' });
  expect([applied.statusCode, applied.json().decision?.outcome]).toEqual([201, 'approve']);
  const line = await post(`/v1/offers/${applied.json().offer.id}/accept`);
  expect(line.statusCode).toBe(201);
  return { lineId: line.json().id, limitMinor: minor(line.json().limit) };
}

const amount = fc.integer({ min: 100_00, max: 8_000_00 }).map((m) => formatAmount(BigInt(m), CNY));
const term = fc.constantFrom(3, 6, 12);
const firstWave = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('draw' as const), amount, term }),
    fc.record({ kind: fc.constant('hold' as const), amount, term }),
  ),
  { minLength: 2, maxLength: 14 },
);
/** Indexes pick among the first wave's holds and loans; an amount of null captures the whole hold. */
const secondWave = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('capture' as const), pick: fc.nat(), amount: fc.option(amount, { freq: 2 }) }),
    fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('repay' as const), pick: fc.nat(), amount }),
    fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), amount }),
    fc.record({ kind: fc.constant('draw' as const), amount, term }),
  ),
  { minLength: 2, maxLength: 16 },
);

let events = 0;

describe('concurrent commands on one credit line, generated', () => {
  it('keep the limit on the ledger equal to the loan book and the holds, never negative', async () => {
    await fc.assert(
      fc.asyncProperty(firstWave, secondWave, async (first, second) => {
        const { lineId, limitMinor } = await openLine();
        const noServerError = (replies: { statusCode: number; body: string }[]) => {
          for (const r of replies) expect(r.statusCode, r.body).toBeLessThan(500);
        };

        const firstReplies = await Promise.all(first.map((c) => post(`/v1/credit-lines/${lineId}/${c.kind === 'draw' ? 'drawdowns' : 'holds'}`, { amount: c.amount, term: c.term, ...(c.kind === 'hold' ? { merchantId: 'm1' } : {}) })));
        noServerError(firstReplies);
        const holds = firstReplies.filter((r, i) => first[i]!.kind === 'hold' && r.statusCode === 201).map((r) => r.json().id as string);
        const loans = firstReplies.filter((r, i) => first[i]!.kind === 'draw' && r.statusCode === 201).map((r) => r.json().loanId as string);

        const secondReplies = await Promise.all(second.map((c) => {
          if (c.kind === 'draw') return post(`/v1/credit-lines/${lineId}/drawdowns`, { amount: c.amount, term: c.term });
          if (c.kind === 'capture' || c.kind === 'void') {
            if (holds.length === 0) return null;
            const holdId = holds[c.pick % holds.length]!;
            return post(`/v1/holds/${holdId}/${c.kind}`, c.kind === 'capture' && c.amount !== null ? { amount: c.amount } : {});
          }
          if (loans.length === 0) return null;
          const path = c.kind === 'repay' ? 'repayments' : 'refunds';
          return post(`/v1/loans/${loans[c.pick % loans.length]!}/${path}`, { id: `ev-${++events}`, amount: c.amount, on: TODAY });
        }));
        noServerError(secondReplies.filter((r) => r !== null));

        // Each hold ends in one state; a captured one has exactly one drawdown.
        let heldMinor = 0n;
        for (const holdId of holds) {
          const hold = await get(`/v1/holds/${holdId}`);
          const captures = secondReplies.filter((r, i) => r !== null && r.statusCode === 201 && second[i]!.kind === 'capture' && r.json().holdId === holdId);
          if (hold.status === 'authorized') heldMinor += minor(hold.amount);
          expect(captures.length, `hold ${holdId} ${hold.status}`).toBe(hold.status === 'captured' ? 1 : 0);
          if (hold.status === 'captured') expect(hold.drawdownId).toBe(captures[0]!.json().id);
        }

        // The ledger's limit against the loan book: every loan on the line, a page at a time.
        let outstandingMinor = 0n;
        let cursor: string | null = null;
        do {
          const page: { items: { receivable: { principal: string } }[]; nextCursor: string | null } = await get(`/v1/loans?lineId=${lineId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
          for (const loan of page.items) outstandingMinor += minor(loan.receivable.principal);
          cursor = page.nextCursor;
        } while (cursor !== null);
        const line = await get(`/v1/credit-lines/${lineId}`);
        expect({ held: minor(line.held), outstanding: minor(line.outstandingPrincipal) }).toEqual({ held: heldMinor, outstanding: outstandingMinor });
        expect(minor(line.available)).toBe(limitMinor - outstandingMinor - heldMinor);
        expect(minor(line.available) >= 0n).toBe(true);
        expect((await get('/v1/ledger/trial-balance?ledger=CNY')).balanced).toBe(true);
      }),
      { numRuns: Number(process.env.LINE_CONCURRENCY_RUNS ?? 12) },
    );
  });
});
