/**
 * A seeded simulation of the lending book over many business dates, through the real services —
 * the loan book opens loans and applies borrower events, some repayments bounce days later and are
 * reversed, end of day closes each date on the database — audited every day against a reference:
 * the same events replayed through the pure servicing engine (a reversal, as the loan's standing
 * history replayed without the bounced repayment). After every date it checks that
 * - every event had the same outcome (state or refusal code) in the book as in the reference, the
 *   book journaled the split the reference's postings make, and a replayed request (same client
 *   id) changed nothing and read back the event as first answered;
 * - end of day succeeded and its reconciliation tied;
 * - every loan's stored state equals the reference's;
 * - for every loan, the ledger transfers referencing it, summed per receivable role, equal the
 *   loan's receivable balances.
 * The first divergence throws, naming the date, the loan and both sides. Deterministic for a seed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import { seededRandom } from '../../kernel/random.ts';
import type { Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import type { EndOfDayErrorCode, EndOfDayOptions, EndOfDayReport } from '../eod/end-of-day.ts';
import type { LoanBook, LoanEventType, OpenLoanRequest } from '../loans/loan-book.ts';
import { selectLoanPage } from '../loans/loan-rows.ts';
import { productAccountId } from '../products/chart-of-accounts.ts';
import type { Products } from '../products/products.ts';
import { applyEvent, closeDay, eventAllocation, openLoan, RECEIVABLE_BALANCE_OF, RECEIVABLE_ROLES, replayLoan, type HistoryEvent, type LoanState, type LoanTerms, type Receivables } from '../servicing/index.ts';
import { borrowerEvents, randomPersona, type Persona } from './borrower.ts';
import { createPortfolioProducts, PORTFOLIO_PRODUCTS, randomPortfolioLoan } from './portfolio.ts';

export interface LendingSimulationDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly products: Products;
  readonly loans: LoanBook;
  readonly endOfDay: { run(options: EndOfDayOptions): Promise<Result<EndOfDayReport, EndOfDayErrorCode>> };
}

export interface LendingSimulationOptions {
  readonly tenantId: string;
  readonly seed: number;
  readonly loans: number;
  readonly days: number;
  readonly startOn: LocalDate;
  /** End-of-day workers (PostgreSQL) and chunk size. */
  readonly workers?: number;
  readonly chunkLoans?: number;
}

export interface SimulationCounts {
  opened: number;
  events: Record<LoanEventType, number>;
  /** Repayments that bounced and were reversed. */
  reversals: number;
  refused: Record<string, number>;
  replays: number;
  loanDaysClosed: number;
  closed: number;
  writtenOff: number;
  penalised: number;
}

interface ReferenceLoan {
  readonly request: OpenLoanRequest;
  readonly persona: Persona;
  readonly refundable: boolean;
  state: LoanState;
  events: number;
  /** The loan's events as booked, by journal seq; reversed ones are taken out. */
  readonly standing: Map<number, HistoryEvent>;
}

const REPLAY_CHANCE = 0.05;
/** The chance, each date, that one recent repayment bounces; and how recent (days) it must be. */
const BOUNCE_CHANCE = 0.3;
const BOUNCE_WITHIN_DAYS = 30;
const PAGE_LOANS = 2_000;

const show = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function diverged(on: LocalDate, loanId: string, what: string, book: unknown, reference: unknown): Error {
  return new Error(`${on} loan ${loanId}: ${what}\n  book:      ${show(book)}\n  reference: ${show(reference)}`);
}

/** An inactive loan's open date moved up to `on`, as the loan book does before an event (loan-book.ts). */
function openedThrough(loan: ReferenceLoan, on: LocalDate): LoanState {
  let state = loan.state;
  while (state.status !== 'active' && state.openOn < on) {
    const step = closeDay(state, loan.request.terms, state.openOn);
    if (!step.ok) throw new Error(`reference: closing ${state.openOn} on inactive loan ${loan.request.loanId}: ${step.code}`);
    state = step.value.state;
  }
  return state;
}

export async function runLendingSimulation(deps: LendingSimulationDeps, options: LendingSimulationOptions): Promise<SimulationCounts> {
  const { tenantId } = options;
  const random = seededRandom(options.seed);
  const docs = await createPortfolioProducts(deps.products, tenantId);
  const reference = new Map<string, ReferenceLoan>();
  const counts: SimulationCounts = {
    opened: 0, events: { repayment: 0, refund: 0, recovery: 0, waiver: 0, creditBalanceRefund: 0 }, reversals: 0, refused: {}, replays: 0, loanDaysClosed: 0, closed: 0, writtenOff: 0, penalised: 0,
  };
  const recentRepayments: { loan: ReferenceLoan; seq: number; on: LocalDate }[] = [];
  // Receivable and wallet accounts → the loan's balance each holds.
  const balanceField = new Map<string, keyof LoanBalances>();
  for (const productId of Object.keys(PORTFOLIO_PRODUCTS)) {
    for (const role of RECEIVABLE_ROLES) balanceField.set(productAccountId(productId, role), RECEIVABLE_BALANCE_OF[role]);
    balanceField.set(productAccountId(productId, 'customerWallet'), 'creditBalanceMinor');
  }
  const openingDays = Math.max(1, Math.ceil(options.days / 2));

  for (let day = 0; day < options.days; day++) {
    const on = addDays(options.startOn, day);

    // 1. New loans, disbursed today, spread over the first half of the run.
    if (day < openingDays) {
      const opening = Math.floor(((day + 1) * options.loans) / openingDays) - Math.floor((day * options.loans) / openingDays);
      const fresh: ReferenceLoan[] = [];
      for (let i = 0; i < opening; i++) {
        const request = randomPortfolioLoan(random, docs, tenantId, ++counts.opened, { seasonedShare: 0, openOn: on, recentDaysMax: 0 });
        const opened = openLoan(request.terms);
        if (!opened.ok) throw new Error(`reference: loan ${request.loanId} does not open: ${opened.code}`);
        fresh.push({ request, persona: randomPersona(random), refundable: request.productId === 'bnpl', state: opened.value.state, events: 0, standing: new Map() });
      }
      const opened = await deps.db.transaction((tx) => deps.loans.open(tx, fresh.map((loan) => loan.request)));
      opened.forEach((o, i) => {
        if (!o.ok) throw new Error(`${on} loan ${fresh[i]?.request.loanId}: the book refused to open it: ${o.code}`);
      });
      for (const loan of fresh) reference.set(loan.request.loanId, loan);
    }

    // 2. The borrowers' events, each through the loan book and through the reference.
    for (const loan of reference.values()) {
      // A closed loan takes no more events but a purchase refund or paying back its credit balance.
      if (loan.state.status === 'closed' && !loan.refundable && loan.state.creditBalanceMinor === 0n) continue;
      const id = loan.request.loanId;
      for (const event of borrowerEvents(random, loan.persona, openedThrough(loan, on), loan.request.terms, loan.refundable, on)) {
        const clientId = `${id}:${loan.events + 1}`;
        const request = { clientId, on, amountMinor: event.amountMinor };
        const expected = applyEvent(event.type, openedThrough(loan, on), loan.request.terms, on, event.amountMinor);
        const applied = await deps.loans.apply(tenantId, id, event.type, request);
        if (applied.ok !== expected.ok || (!applied.ok && !expected.ok && applied.code !== expected.code)) {
          throw diverged(on, id, `${event.type} of ${event.amountMinor} had another outcome`, applied.ok ? 'ok' : applied.code, expected.ok ? 'ok' : expected.code);
        }
        if (!expected.ok || !applied.ok) {
          counts.refused[expected.ok ? 'ok' : expected.code] = (counts.refused[expected.ok ? 'ok' : expected.code] ?? 0) + 1;
          continue;
        }
        if (!isDeepStrictEqual(applied.value.loan.state, expected.value.state)) throw diverged(on, id, `state after ${event.type}`, applied.value.loan.state, expected.value.state);
        const split = eventAllocation(event.type, expected.value.postings);
        if (!isDeepStrictEqual(applied.value.event.allocation, split)) throw diverged(on, id, `journaled split of ${event.type}`, applied.value.event.allocation, split);
        loan.state = expected.value.state;
        loan.events++;
        loan.standing.set(loan.events, { type: event.type, on, amountMinor: event.amountMinor });
        if (event.type === 'repayment') recentRepayments.push({ loan, seq: loan.events, on });
        counts.events[event.type]++;
        if (random.chance(REPLAY_CHANCE)) {
          const replayed = await deps.loans.apply(tenantId, id, event.type, request);
          if (!replayed.ok || !isDeepStrictEqual(replayed.value.loan.state, loan.state)) throw diverged(on, id, 'a replayed request changed the loan', replayed.ok ? replayed.value.loan.state : replayed.code, loan.state);
          if (!isDeepStrictEqual(replayed.value.event, applied.value.event)) throw diverged(on, id, 'the journaled event read back', replayed.value.event, applied.value.event);
          counts.replays++;
        }
      }
    }

    // Now and then a recent repayment bounces and is reversed.
    while (recentRepayments.length > 0 && recentRepayments[0]!.on < addDays(on, -BOUNCE_WITHIN_DAYS)) recentRepayments.shift();
    if (recentRepayments.length > 0 && random.chance(BOUNCE_CHANCE)) {
      const [bounced] = recentRepayments.splice(random.int(0, recentRepayments.length - 1), 1);
      await reverseAndAudit(deps, tenantId, bounced!.loan, bounced!.seq, on, counts);
    }

    // 3. End of day in the book; `closeDay` on every active loan in the reference.
    const run = await deps.endOfDay.run({ tenantId, businessDate: on, workers: options.workers, chunkLoans: options.chunkLoans });
    if (!run.ok) throw new Error(`${on}: end of day failed: ${run.code} ${run.message ?? ''}`);
    if (!run.value.reconciliation.tied) throw new Error(`${on}: the books do not tie: ${run.value.reconciliation.breaks.join('; ')}`);
    for (const loan of reference.values()) {
      if (loan.state.status !== 'active') continue;
      const step = closeDay(loan.state, loan.request.terms, on);
      if (!step.ok) throw new Error(`reference: closing ${on} on loan ${loan.request.loanId}: ${step.code}`);
      loan.state = step.value.state;
      counts.loanDaysClosed++;
    }

    // 4. The audit: stored states, and per-loan ledger sums per receivable role and of the wallet.
    const ledgerSums = await balanceSums(deps.db, tenantId, balanceField);
    let seen = 0;
    for (let cursor: string | null = null; ; ) {
      const page = await selectLoanPage(deps.db, tenantId, {}, cursor, PAGE_LOANS);
      for (const row of page.items) {
        const loan = reference.get(row.id);
        if (!loan) throw new Error(`${on}: the book has a loan the reference never opened: ${row.id}`);
        const stored = wokenUp(row.state, row.terms, loan.state.openOn, on, row.id);
        if (!isDeepStrictEqual(stored, loan.state)) throw diverged(on, row.id, 'stored state', stored, loan.state);
        const sums = ledgerSums.get(row.id) ?? noBalances();
        const held = { ...loan.state.receivable, creditBalanceMinor: loan.state.creditBalanceMinor };
        if (!isDeepStrictEqual(sums, held)) throw diverged(on, row.id, 'ledger transfers per receivable role and wallet', sums, held);
      }
      seen += page.items.length;
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    if (seen !== reference.size) throw new Error(`${on}: the book has ${seen} loans, the reference ${reference.size}`);
  }

  for (const loan of reference.values()) {
    if (loan.state.status === 'closed') counts.closed++;
    if (loan.state.writtenOff !== null) counts.writtenOff++;
    if (loan.state.penaltiesChargedMinor > 0n) counts.penalised++;
  }
  return counts;
}

/**
 * Reverses event `seq` of `loan` in the book, and in the reference replays the loan's standing
 * history without it through yesterday's close: the same outcome (or refusal) on both sides.
 */
async function reverseAndAudit(deps: LendingSimulationDeps, tenantId: string, loan: ReferenceLoan, seq: number, on: LocalDate, counts: SimulationCounts): Promise<void> {
  const id = loan.request.loanId;
  const standing = [...loan.standing].filter(([s]) => s !== seq).map(([, e]) => e);
  const expected = replayLoan(loan.request.terms, standing, addDays(on, -1), 'asBooked');
  const reversed = await deps.loans.reverse(tenantId, id, { clientId: `${id}:${loan.events + 1}`, on, reverses: { seq } });
  if (!expected.ok) {
    if (reversed.ok || reversed.code !== 'reversal_conflicts') throw diverged(on, id, `reversing event ${seq} had another outcome`, reversed.ok ? 'ok' : reversed.code, 'reversal_conflicts');
    counts.refused.reversal_conflicts = (counts.refused.reversal_conflicts ?? 0) + 1;
    return;
  }
  if (!reversed.ok) throw diverged(on, id, `reversing event ${seq} was refused`, reversed.code, 'ok');
  if (!isDeepStrictEqual(reversed.value.loan.state, expected.value.state)) throw diverged(on, id, `state after reversing event ${seq}`, reversed.value.loan.state, expected.value.state);
  loan.state = expected.value.state;
  loan.events++;
  loan.standing.delete(seq);
  counts.reversals++;
}

/** What the ledger holds for one loan: its receivables (debit balances) and its credit balance (the wallet's, a credit one). */
type LoanBalances = { -readonly [K in keyof Receivables]: bigint } & { creditBalanceMinor: bigint };
const noBalances = (): LoanBalances => ({ principalMinor: 0n, interestMinor: 0n, feeMinor: 0n, penaltyMinor: 0n, creditBalanceMinor: 0n });

/** Per loan (a transfer's reference), the ledger's movements of each account of `fieldOf`, summed into the balance it holds. */
async function balanceSums(db: Database, tenantId: string, fieldOf: ReadonlyMap<string, keyof LoanBalances>): Promise<Map<string, LoanBalances>> {
  const rows = await db.query<{ reference: string; account_id: string; delta: bigint }>(
    `SELECT reference, account_id, sum(delta)::int8 AS delta FROM (
       SELECT reference, debit_account_id AS account_id, amount AS delta FROM ledger_transfers WHERE tenant_id = $1 AND debit_account_id = ANY($2)
       UNION ALL
       SELECT reference, credit_account_id, -amount FROM ledger_transfers WHERE tenant_id = $1 AND credit_account_id = ANY($2)
     ) moves GROUP BY reference, account_id`,
    [tenantId, [...fieldOf.keys()]],
  );
  const sums = new Map<string, LoanBalances>();
  for (const r of rows) {
    const loan = sums.get(r.reference) ?? noBalances();
    const field = fieldOf.get(r.account_id)!;
    loan[field] += field === 'creditBalanceMinor' ? -r.delta : r.delta;
    sums.set(r.reference, loan);
  }
  return sums;
}

/**
 * End of day leaves a loan alone while its next close can change nothing (a sleeping fee-priced loan,
 * or one no longer active). Before comparing it with the reference, close those days purely: they
 * must post nothing, or end of day skipped a date that mattered.
 */
function wokenUp(state: LoanState, terms: LoanTerms, until: LocalDate, on: LocalDate, loanId: string): LoanState {
  let current = state;
  while (current.openOn < until) {
    const step = closeDay(current, terms, current.openOn);
    if (!step.ok) throw new Error(`${on}: closing the skipped ${current.openOn} on loan ${loanId}: ${step.code}`);
    if (step.value.postings.length > 0) throw diverged(on, loanId, `end of day skipped ${current.openOn}, which posts`, step.value.postings, []);
    current = step.value.state;
  }
  return current;
}
