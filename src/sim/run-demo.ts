/**
 * `lendcore demo`'s simulator: a consumer-credit business on the real services, in process, day by
 * day. It sets up a tenant with three products (Baitiao-style installment credit at a 0.5% monthly
 * fee, a cash loan, a merchant line), draws a population (sim/population.ts) and merchants, and for
 * every business date: new customers register and apply through the risk engine (the tenant's
 * default strategy: rules, lists, velocity, identity graph, scorecard), accept their offers,
 * shop (the day's baskets bought as installment loans in batches; a few checkout holds abandoned and
 * voided), draw cash (the day's cash borrowers apply and accept together); borrowers are debited on
 * due dates (the loan book's batch path), late payers catch up by hand, some pay off early, some
 * return goods; then end of day closes the date and proves the books. Month ends are observed for
 * the vintage table.
 *
 * Deterministic for a seed: one seeded source for the world, another for ids, and a manual clock
 * that moves through each business day (Asia/Shanghai) as operations happen. Nothing is faked: every
 * loan, repayment and end of day goes through the services and the ledger.
 */
import type { Database } from '../db/database.ts';
import { wireServices } from '../compose.ts';
import { assert } from '../kernel/assert.ts';
import { createIdGenerator } from '../kernel/ids.ts';
import { epochMs, instantFromEpochMs, manualClock, type Instant } from '../kernel/instant.ts';
import { limits } from '../kernel/limits.ts';
import { addDays, daysBetween, toCivil, type LocalDate } from '../kernel/local-date.ts';
import { currency } from '../kernel/money.ts';
import { seededRandom } from '../kernel/random.ts';
import type { CreditLine, Drawdown, Offer } from '../lending/origination/records.ts';
import { buildPortfolioReport, type PortfolioReport } from '../analytics/portfolio-report.ts';
import { vintageSnapshot, type VintageSnapshot } from '../analytics/vintages.ts';
import { installmentPlan } from './behaviours.ts';
import { arrearsThrough, debitDueOn } from './collections.ts';
import { clamp, daysUntilNext, logNormal, weighted } from './distributions.ts';
import { isFraudReason } from './fraud-rings.ts';
import { drawBasketYuan, drawMerchants, merchantPicker, takesMerchantLine, type Merchant } from './merchants.ts';
import { drawPopulation, type Person } from './population.ts';
import { DEMO_PRODUCTS } from './products.ts';

export interface DemoOptions {
  readonly customers: number;
  readonly days: number;
  readonly seed: number;
  /** The first business date (default 2026-01-01). */
  readonly startOn?: LocalDate;
  readonly tenantId?: string;
  readonly onDay?: (progress: { day: number; days: number; date: LocalDate; customers: number; loans: number }) => void;
}

/** Wall time per stage, in milliseconds. */
export type StageTimings = Record<'setup' | 'origination' | 'purchases' | 'cashLoans' | 'merchantLines' | 'autoDebit' | 'manualPayments' | 'refunds' | 'endOfDay' | 'report', number>;

export interface SimulationSummary {
  readonly seed: number;
  readonly days: number;
  readonly from: LocalDate;
  readonly through: LocalDate;
  readonly operations: Record<string, number>;
  readonly behaviours: Record<string, number>;
  readonly rings: { rings: number; ringsCaught: number; members: number; membersApplied: number; membersStopped: number; membersApproved: number; othersStoppedForFraud: number };
  readonly stagesMs: StageTimings;
}

export interface DemoResult {
  readonly report: PortfolioReport;
  readonly simulation: SimulationSummary;
}

const CNY = currency('CNY');
/** Opening of the business day in Shanghai (09:00 +08:00) and the latest instant operations reach (22:00). */
const DAY_OPENS_UTC_MS = 1 * 3_600_000;
const DAY_CLOSES_UTC_MS = 14 * 3_600_000;
/** How far the clock moves per operation. */
const OPERATION_MS = 3_000;

type Kind = 'bnpl' | 'cash' | 'merchant';

/** An application the simulator makes for one of its customers. */
interface DemoApplication {
  readonly customerId: string;
  readonly productId: Kind;
  readonly monthlyIncomeYuan: number | null;
  readonly signals: Person['signals'];
  readonly requestedYuan: number;
  readonly onDecision?: (outcome: string, reasons: readonly string[]) => void;
}

interface SimLoan {
  readonly loanId: string;
  readonly kind: Kind;
  readonly person: Person | null;
  readonly principalMinor: bigint;
}

type Task =
  | { readonly type: 'autoDebit'; readonly loan: SimLoan }
  | { readonly type: 'manualPayment'; readonly loan: SimLoan }
  | { readonly type: 'payoff'; readonly loan: SimLoan }
  | { readonly type: 'refund'; readonly loan: SimLoan; readonly share: 'full' | 'half' }
  | { readonly type: 'purchase'; readonly person: Person; readonly lineId: string }
  | { readonly type: 'cashLoan'; readonly person: Person }
  | { readonly type: 'merchantDraw'; readonly merchant: Merchant; readonly lineId: string };

const TERMS: readonly (readonly [number, number])[] = [[3, 0.42], [6, 0.26], [12, 0.23], [24, 0.09]];

export async function runDemo(db: Database, options: DemoOptions): Promise<DemoResult> {
  assert(options.customers >= 1 && options.customers <= limits.demoCustomersMax, 'demo customers within limits');
  assert(options.days >= 1 && options.days <= limits.demoDaysMax, 'demo days within limits');
  const stagesMs: StageTimings = { setup: 0, origination: 0, purchases: 0, cashLoans: 0, merchantLines: 0, autoDebit: 0, manualPayments: 0, refunds: 0, endOfDay: 0, report: 0 };
  const timed = async <T>(stage: keyof StageTimings, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      stagesMs[stage] += performance.now() - t0;
    }
  };

  const tenantId = options.tenantId ?? 'demo';
  const startOn = options.startOn ?? ('2026-01-01' as LocalDate);
  const clock = manualClock(instantFromEpochMs(dayStartMs(startOn)));
  const services = wireServices(db, clock, createIdGenerator(clock, seededRandom(options.seed ^ 0x1d5eed)));
  const world = seededRandom(options.seed);
  const population = drawPopulation(world, { customers: options.customers, days: options.days, startOn });
  const merchants = drawMerchants(world, Math.max(10, Math.round(options.customers / 200)));
  const pickMerchant = merchantPicker(merchants);

  const ops: Record<string, number> = {};
  const count = (name: string, n = 1): void => {
    ops[name] = (ops[name] ?? 0) + n;
  };
  const agenda = new Map<number, Task[]>();
  const schedule = (day: number, task: Task): void => {
    if (day >= options.days) return;
    const tasks = agenda.get(day) ?? [];
    tasks.push(task);
    agenda.set(day, tasks);
  };
  const arrivals = new Map<number, Person[]>();
  for (const person of population.people) arrivals.set(person.arrivalDay, [...(arrivals.get(person.arrivalDay) ?? []), person]);
  const ringOutcomes = new Map<string, { outcome: string; fraud: boolean }>();
  let othersStoppedForFraud = 0;
  let loansOpened = 0;
  let customers = 0;
  const snapshots: VintageSnapshot[] = [];

  const tick = (): void => {
    const now = epochMs(clock.now());
    const cap = dayStartMs(currentDate) - DAY_OPENS_UTC_MS + DAY_CLOSES_UTC_MS;
    if (now + OPERATION_MS <= cap) clock.advanceMs(OPERATION_MS);
  };
  let currentDate = startOn;
  let today = 0;

  await timed('setup', async () => {
    for (const [id, document] of Object.entries(DEMO_PRODUCTS)) {
      const created = await services.lending.products.create(tenantId, id, document);
      assert(created.ok, `demo product ${id}: ${created.ok ? '' : created.code}`);
    }
  });

  /** Applications, decided together in order; each one's offer, on an approval. */
  const applyAll = async (applications: readonly DemoApplication[]): Promise<(Offer | null)[]> => {
    const offers: (Offer | null)[] = [];
    for (let i = 0; i < applications.length; i += limits.applicationBatchMax) {
      const chunk = applications.slice(i, i + limits.applicationBatchMax);
      tick();
      const applied = await services.lending.applications.applyMany(
        tenantId,
        chunk.map((a) => ({
          customerId: a.customerId,
          productId: a.productId,
          ...(a.monthlyIncomeYuan === null ? {} : { monthlyIncome: `${a.monthlyIncomeYuan}.00` }),
          requestedLimit: `${a.requestedYuan}.00`,
          applicant: a.signals,
        })),
      );
      applied.forEach((outcome, at) => {
        assert(outcome.ok, `application of ${chunk[at]?.customerId}: ${outcome.ok ? '' : outcome.code}`);
        const { application, offer } = outcome.value.value;
        chunk[at]?.onDecision?.(application.outcome, application.reasons);
        offers.push(offer);
      });
    }
    count('applications', applications.length);
    return offers;
  };

  /** Accepts offers, many at once; the lines opened, in order. */
  const acceptAll = async (offers: readonly Offer[]): Promise<CreditLine[]> => {
    const lines: CreditLine[] = [];
    for (let i = 0; i < offers.length; i += limits.acceptanceBatchMax) {
      const chunk = offers.slice(i, i + limits.acceptanceBatchMax);
      tick();
      const accepted = await services.lending.applications.acceptMany(tenantId, chunk.map((o) => ({ offerId: o.id, lineId: `line-${o.customerId}-${o.productId}` })));
      accepted.forEach((line, at) => {
        assert(line.ok, `accepting ${chunk[at]?.id}: ${line.ok ? '' : line.code}`);
        lines.push(line.value.value);
      });
    }
    count('linesOpened', lines.length);
    return lines;
  };

  /** Applies and accepts at once; the line, on an approval. */
  const openLine = async (application: DemoApplication): Promise<CreditLine | null> => {
    const [offer] = await applyAll([application]);
    return offer ? ((await acceptAll([offer]))[0] as CreditLine) : null;
  };

  /** Files a new loan's installments in the agenda by what its borrower will do. */
  const fileLoan = (drawdown: Drawdown, kind: Kind, person: Person | null): SimLoan => {
    const loan: SimLoan = { loanId: drawdown.loanId, kind, person, principalMinor: drawdown.principalMinor };
    loansOpened++;
    const behaviour = person?.behaviour ?? (world.chance(0.97) ? 'autoDebit' : 'latePayer');
    for (const installment of drawdown.schedule.installments) {
      const dueDay = today + daysBetween(currentDate, installment.dueOn as LocalDate);
      const plan = installmentPlan(behaviour, installment.n, person?.paidBeforeDefault ?? 0, world);
      if (plan.kind === 'onTime') schedule(dueDay, { type: 'autoDebit', loan });
      else if (plan.kind === 'late') schedule(dueDay + plan.days, { type: 'manualPayment', loan });
    }
    if (behaviour === 'earlyPayoff' && world.chance(0.5)) schedule(today + world.int(15, 120), { type: 'payoff', loan });
    return loan;
  };

  /** The day's newcomers: each registers, then they apply for installment credit and accept together. */
  const arriveAll = async (people: readonly Person[]): Promise<void> => {
    for (const person of people) {
      tick();
      const created = await services.lending.customers.create(tenantId, { id: person.customerId, idType: 'prcResidentId', idNumber: person.idNumber, phone: person.phone, birthOn: person.birthOn });
      assert(created.ok, `customer ${person.customerId}: ${created.ok ? '' : created.code}`);
      customers++;
      count('customers');
    }
    const offers = await applyAll(people.map((person) => ({
      customerId: person.customerId,
      productId: 'bnpl',
      monthlyIncomeYuan: person.statesIncome ? person.monthlyIncomeYuan : null,
      signals: person.signals,
      requestedYuan: person.requestedLimitYuan,
      onDecision: (outcome, reasons) => recordDecision(person, outcome, reasons),
    })));
    // Fraud rings cash out at once; others come for a cash loan some weeks later.
    for (const person of people) if (person.wantsCashLoan) schedule(today + (person.ringId !== null ? 0 : world.int(7, 60)), { type: 'cashLoan', person });
    const approved = people.flatMap((person, at) => (offers[at] ? [{ person, offer: offers[at] }] : []));
    const lines = await acceptAll(approved.map((a) => a.offer));
    lines.forEach((line, at) => {
      const { person } = approved[at] as (typeof approved)[number];
      schedule(today + (world.chance(0.7) ? 0 : daysUntilNext(world, person.purchasesPerDay)), { type: 'purchase', person, lineId: line.id });
    });
  };

  /** The day's cash borrowers apply for a cash line and accept together; the lines opened, by customer. */
  const openCashLines = async (people: readonly Person[]): Promise<Map<string, CreditLine>> => {
    if (people.length === 0) return new Map();
    const offers = await applyAll(people.map((person) => ({
      customerId: person.customerId,
      productId: 'cash',
      monthlyIncomeYuan: person.statesIncome ? person.monthlyIncomeYuan : null,
      signals: person.signals,
      requestedYuan: 10_000,
    })));
    const lines = await acceptAll(offers.filter((offer): offer is Offer => offer !== null));
    return new Map(lines.map((line) => [line.customerId, line]));
  };

  const recordDecision = (person: Person, outcome: string, reasons: readonly string[]): void => {
    const fraud = outcome !== 'approve' && reasons.some(isFraudReason);
    if (person.ringId !== null) ringOutcomes.set(person.customerId, { outcome, fraud });
    else if (fraud) othersStoppedForFraud++;
  };

  const drawCash = async (person: Person, lineId: string, limitMinor: bigint): Promise<void> => {
    const limitYuan = Number(limitMinor / 100n);
    // A ring member cashes out what the line allows, up to the cash a mule account takes without a check.
    const yuan = person.ringId !== null ? Math.min(limitYuan, 8_000) : Math.round(clamp(logNormal(world, 3_000, 0.6), 500, limitYuan) / 100) * 100;
    if (yuan < 500) return;
    tick();
    const drawn = await services.lending.drawdowns.draw(tenantId, lineId, { amount: `${yuan}.00`, term: weighted(world, [[3, 0.3], [6, 0.35], [12, 0.35]]) });
    if (!drawn.ok) return count(`cashRefused:${drawn.code}`);
    count('cashDrawdowns');
    fileLoan(drawn.value.value, 'cash', person);
  };

  /**
   * Today's checkouts. Most baskets are bought and captured at once, in batches (the platform's order
   * file); a few shoppers abandon theirs after the line authorised a hold, which is voided.
   */
  const shop = async (shoppers: readonly { person: Person; lineId: string }[]): Promise<void> => {
    const baskets = shoppers.map(({ person, lineId }) => {
      const merchant = pickMerchant(world);
      const fraud = person.ringId !== null;
      return {
        person,
        lineId,
        merchant,
        fraud,
        yuan: fraud ? 2_000 + world.int(0, 6) * 500 : drawBasketYuan(world, merchant, 10, 20_000),
        term: fraud ? 24 : weighted(world, TERMS),
        abandoned: !fraud && world.chance(0.02),
      };
    });
    for (const b of baskets.filter((b) => b.abandoned)) {
      tick();
      const held = await services.lending.drawdowns.authorizeHold(tenantId, b.lineId, { amount: `${b.yuan}.00`, term: b.term, merchantId: b.merchant.id });
      if (!held.ok) {
        count(`checkoutDeclined:${held.code}`);
        continue;
      }
      count('holds');
      tick();
      const voided = await services.lending.drawdowns.voidHold(tenantId, held.value.value.id);
      assert(voided.ok, 'a fresh hold voids');
      count('holdsVoided');
    }
    const bought = baskets.filter((b) => !b.abandoned);
    for (let i = 0; i < bought.length; i += limits.drawdownBatchMax) {
      const chunk = bought.slice(i, i + limits.drawdownBatchMax);
      tick();
      const outcomes = await services.lending.drawdowns.drawMany(
        tenantId,
        chunk.map((b) => ({ lineId: b.lineId, amount: `${b.yuan}.00`, term: b.term, merchantId: b.merchant.id })),
      );
      outcomes.forEach((outcome, at) => {
        const b = chunk[at] as (typeof chunk)[number];
        if (!outcome.ok) return count(`checkoutDeclined:${outcome.code}`);
        count('purchases');
        const loan = fileLoan(outcome.value.value, 'bnpl', b.person);
        if (!b.fraud && world.chance(0.04)) schedule(today + world.int(3, 25), { type: 'refund', loan, share: world.chance(0.7) ? 'full' : 'half' });
      });
    }
    for (const b of baskets) if (!b.fraud) schedule(today + daysUntilNext(world, b.person.purchasesPerDay), { type: 'purchase', person: b.person, lineId: b.lineId });
  };

  const merchantArrive = async (merchant: Merchant): Promise<void> => {
    const customerId = `cm-${merchant.id}`;
    tick();
    const created = await services.lending.customers.create(tenantId, {
      id: customerId,
      idType: 'other',
      idNumber: `91${merchant.id.toUpperCase()}${String(world.int(0, 1e9)).padStart(10, '0')}`,
      phone: `17${String(world.int(0, 999_999_999)).padStart(9, '0')}`,
      birthOn: addDays(startOn, -world.int(30 * 365, 55 * 365)),
    });
    assert(created.ok, `merchant customer ${customerId}: ${created.ok ? '' : created.code}`);
    const income = Math.max(8_000, Math.round(merchant.monthlySalesYuan / 5));
    const line = await openLine({ customerId, productId: 'merchant', monthlyIncomeYuan: income, signals: { deviceId: `pos-${merchant.id}` }, requestedYuan: Math.min(200_000, merchant.monthlySalesYuan) });
    if (line !== null) schedule(today, { type: 'merchantDraw', merchant, lineId: line.id });
  };

  const merchantDraw = async (merchant: Merchant, lineId: string): Promise<void> => {
    const line = await services.lending.applications.getLine(tenantId, lineId);
    assert(line !== null, 'merchant line exists');
    const yuan = Math.round(Number(line.limitMinor / 100n) * (0.2 + world.next() * 0.3) / 100) * 100;
    tick();
    const drawn = await services.lending.drawdowns.draw(tenantId, lineId, { amount: `${yuan}.00`, term: weighted(world, [[30, 0.5], [60, 0.3], [90, 0.2]]) });
    if (drawn.ok) {
      count('merchantDrawdowns');
      fileLoan(drawn.value.value, 'merchant', null);
    } else count(`merchantRefused:${drawn.code}`);
    schedule(today + world.int(25, 40), { type: 'merchantDraw', merchant, lineId });
  };

  const autoDebit = async (loans: readonly SimLoan[]): Promise<void> => {
    for (let i = 0; i < loans.length; i += limits.loanEventBatchMax) {
      const chunk = [...new Set(loans.slice(i, i + limits.loanEventBatchMax).map((l) => l.loanId))];
      tick();
      const outcomes = await services.loanBatches.collect(
        tenantId,
        currentDate,
        chunk.map((loanId) => ({ loanId, clientId: `ad-${loanId}-${currentDate}` })),
        (loan) => debitDueOn(loan.state, loan.terms, currentDate),
      );
      for (const o of outcomes) if (o !== null) count(o.ok ? 'autoDebits' : `autoDebitRefused:${o.code}`);
    }
  };

  const payByHand = async (loan: SimLoan, type: 'manualPayment' | 'payoff'): Promise<void> => {
    const row = await services.loans.get(tenantId, loan.loanId);
    if (row === null || row.state.status !== 'active') return;
    let amountMinor = arrearsThrough(row.state, row.terms, currentDate);
    if (type === 'payoff') {
      const quote = await services.loans.payoffQuote(tenantId, loan.loanId, currentDate);
      amountMinor = quote.ok ? quote.value : 0n;
    }
    if (amountMinor <= 0n) return;
    tick();
    const paid = await services.loans.apply(tenantId, loan.loanId, 'repayment', { clientId: `${type}-${loan.loanId}-${currentDate}`, on: currentDate, amountMinor });
    count(paid.ok ? (type === 'payoff' ? 'payoffs' : 'manualRepayments') : `${type}Refused:${paid.code}`);
  };

  const refund = async (loan: SimLoan, share: 'full' | 'half'): Promise<void> => {
    const amountMinor = share === 'full' ? loan.principalMinor : loan.principalMinor / 2n;
    tick();
    const refunded = await services.loans.apply(tenantId, loan.loanId, 'refund', { clientId: `refund-${loan.loanId}`, on: currentDate, amountMinor });
    count(refunded.ok ? 'refunds' : `refundRefused:${refunded.code}`);
  };

  const merchantArrivals = new Map<number, Merchant[]>();
  for (const m of merchants.filter(takesMerchantLine)) {
    const day = world.int(0, Math.floor(options.days * 0.6));
    merchantArrivals.set(day, [...(merchantArrivals.get(day) ?? []), m]);
  }

  for (today = 0; today < options.days; today++) {
    currentDate = addDays(startOn, today);
    clock.set(instantFromEpochMs(dayStartMs(currentDate)));
    await timed('origination', () => arriveAll(arrivals.get(today) ?? []));
    for (const merchant of merchantArrivals.get(today) ?? []) await timed('merchantLines', () => merchantArrive(merchant));
    const tasks = agenda.get(today) ?? [];
    agenda.delete(today);
    await timed('purchases', () => shop(tasks.flatMap((t) => (t.type === 'purchase' ? [t] : []))));
    const cashLines = await timed('cashLoans', () => openCashLines(tasks.flatMap((t) => (t.type === 'cashLoan' ? [t.person] : []))));
    for (const task of tasks) {
      if (task.type === 'cashLoan') {
        const line = cashLines.get(task.person.customerId);
        if (line) await timed('cashLoans', () => drawCash(task.person, line.id, line.limitMinor));
      } else if (task.type === 'merchantDraw') await timed('merchantLines', () => merchantDraw(task.merchant, task.lineId));
      else if (task.type === 'refund') await timed('refunds', () => refund(task.loan, task.share));
    }
    // Purchases made today are not due today; the agenda for today is complete.
    await timed('autoDebit', () => autoDebit(tasks.filter((t) => t.type === 'autoDebit').map((t) => t.loan)));
    for (const task of tasks) {
      if (task.type === 'manualPayment' || task.type === 'payoff') await timed('manualPayments', () => payByHand(task.loan, task.type));
    }
    const closed = await timed('endOfDay', () => services.endOfDay.run({ tenantId, businessDate: currentDate }));
    assert(closed.ok, `end of day ${currentDate}: ${closed.ok ? '' : `${closed.code} ${closed.message ?? ''}`}`);
    count('endOfDayRuns');
    count('loansClosedByEndOfDay', closed.value.loansClosed);
    const lastDay = today === options.days - 1;
    if (lastDay || toCivil(addDays(currentDate, 1)).day === 1) snapshots.push(await timed('report', () => vintageSnapshot(db, tenantId, currentDate)));
    options.onDay?.({ day: today + 1, days: options.days, date: currentDate, customers, loans: loansOpened });
  }

  const through = addDays(startOn, options.days - 1);
  const report = await timed('report', () => buildPortfolioReport(db, services.ledger, tenantId, CNY, through, snapshots));
  await services.ledger.drain();
  const members = population.rings.reduce((s, r) => s + r.members.length, 0);
  const ringMembers = population.people.filter((p) => p.ringId !== null);
  const stopped = ringMembers.filter((p) => ringOutcomes.get(p.customerId)?.fraud === true);
  const behaviours: Record<string, number> = {};
  for (const p of population.people) behaviours[p.behaviour] = (behaviours[p.behaviour] ?? 0) + 1;
  return {
    report,
    simulation: {
      seed: options.seed,
      days: options.days,
      from: startOn,
      through,
      operations: Object.fromEntries(Object.entries(ops).sort(([a], [b]) => a.localeCompare(b))),
      behaviours,
      rings: {
        rings: population.rings.length,
        ringsCaught: new Set(stopped.map((p) => p.ringId)).size,
        members,
        membersApplied: ringOutcomes.size,
        membersStopped: stopped.length,
        membersApproved: [...ringOutcomes.values()].filter((o) => o.outcome === 'approve').length,
        othersStoppedForFraud,
      },
      stagesMs,
    },
  };
}

function dayStartMs(date: LocalDate): number {
  return epochMs(`${date}T00:00:00.000Z` as Instant) + DAY_OPENS_UTC_MS;
}
