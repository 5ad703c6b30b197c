/**
 * The composition root: the one place where lendcore's services are constructed and wired to the
 * database, the clock and each other. Commands and the HTTP server start here; tests wire what they
 * need themselves.
 */
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { systemClock, type Clock } from './kernel/instant.ts';
import { createLedger, type Ledger } from './ledger/ledger.ts';
import { createPiiHasher, DEVELOPMENT_PII_KEY } from './lending/customers/pii.ts';
import { keyingIdNumbers } from './risk/identifiers.ts';
import { listEndOfDayRuns, readEndOfDayRun, runEndOfDay, type EndOfDayErrorCode, type EndOfDayOptions, type EndOfDayReport, type EndOfDayRun } from './lending/eod/end-of-day.ts';
import type { LocalDate } from './kernel/local-date.ts';
import type { Page, PageRequest } from './kernel/paging.ts';
import { createLoanBook, type LoanBook } from './lending/loans/loan-book.ts';
import { lineLimitRestore, loanBookOpener } from './lending/loans/loan-opener.ts';
import { createLoanBatches, type LoanBatches } from './lending/loans/loan-batches.ts';
import { loanBookHistory } from './lending/loans/customer-history.ts';
import { riskDecisionPort } from './lending/origination/risk-decision-port.ts';
import { createIdGenerator, type IdGenerator } from './kernel/ids.ts';
import { createRiskServices, type RiskServices } from './risk/services.ts';
import { wireLending, type Lending } from './lending/origination/wire.ts';
import { productAccountIds } from './lending/products/chart-of-accounts.ts';
import type { Result } from './kernel/result.ts';

export interface EndOfDay {
  run(options: EndOfDayOptions): Promise<Result<EndOfDayReport, EndOfDayErrorCode>>;
  get(tenantId: string, businessDate: LocalDate): Promise<EndOfDayRun | null>;
  /** The latest business date first. */
  list(tenantId: string, page: PageRequest): Promise<Page<EndOfDayRun>>;
}

export interface Services {
  readonly db: Database;
  readonly clock: Clock;
  readonly ledger: Ledger;
  /** Products, customers and origination; credit decisions by the risk engine. */
  readonly lending: Lending;
  readonly risk: RiskServices;
  readonly loans: LoanBook;
  /** The loan book's batch path: many events in one transaction (auto-debit collections). */
  readonly loanBatches: LoanBatches;
  readonly endOfDay: EndOfDay;
  close(): Promise<void>;
}

/** `ids` defaults to OS randomness; a simulation passes a seeded generator to be deterministic. */
export function wireServices(db: Database, clock: Clock = systemClock, ids: IdGenerator = createIdGenerator(clock)): Services {
  const ledger = createLedger({ db, clock });
  const pii = createPiiHasher(process.env.LENDCORE_PII_KEY ?? DEVELOPMENT_PII_KEY);
  // Risk sees customers' ID numbers only as lending's keyed digests, so raw numbers on lists are keyed alike.
  const normalise = keyingIdNumbers((number) => pii.hashIdNumber({ type: 'prcResidentId', number }));
  const risk = createRiskServices({ db, clock, ids, history: loanBookHistory(db), normalise });
  const loans = createLoanBook({ db, ledger, clock, accountsOf: productAccountIds, principalReturned: lineLimitRestore });
  const lending = wireLending({
    db,
    clock,
    ledger,
    ids,
    decisions: riskDecisionPort(risk),
    loans: loanBookOpener(loans),
    pii,
  });
  return {
    db,
    clock,
    ledger,
    lending,
    risk,
    loans,
    loanBatches: createLoanBatches({ db, ledger, clock, accountsOf: productAccountIds, principalReturned: lineLimitRestore }),
    endOfDay: {
      run: (options) => runEndOfDay({ db, ledger, clock, accountsOf: productAccountIds }, options),
      get: (tenantId, businessDate) => readEndOfDayRun(db, tenantId, businessDate),
      list: (tenantId, page) => listEndOfDayRuns(db, tenantId, page),
    },
    async close() {
      await ledger.drain();
      await db.close();
    },
  };
}

/** Opens the configured database (DATABASE_URL or PGlite), migrates it, and wires the services. */
export async function startServices(options: { dataDir?: string; maxConnections?: number } = {}): Promise<Services> {
  return wireServices(await openDatabase(options));
}
