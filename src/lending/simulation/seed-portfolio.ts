/**
 * Seeds a tenant with the synthetic portfolio: its products, then `loans` random loans booked
 * seasoned up to `openOn` (book-seasoned.ts), in transactions of a few thousand loans on a few
 * connections at once. Deterministic for a seed.
 */
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { seededRandom } from '../../kernel/random.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { productAccountIds } from '../products/chart-of-accounts.ts';
import type { Products } from '../products/products.ts';
import { bookSeasonedLoans } from './book-seasoned.ts';
import { createPortfolioProducts, randomPortfolioLoan } from './portfolio.ts';

export interface SeedPortfolioDeps {
  readonly db: Database;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly products: Products;
}

export interface SeedPortfolioOptions {
  readonly tenantId: string;
  readonly loans: number;
  readonly seed: number;
  readonly openOn: LocalDate;
  readonly seasonedShare: number;
  /** Transactions in flight at once (1 on PGlite). */
  readonly lanes?: number;
}

const LOANS_PER_TRANSACTION = 5_000;

/** Returns the ledger transfers written. */
export async function seedPortfolio(deps: SeedPortfolioDeps, options: SeedPortfolioOptions): Promise<number> {
  const docs = await createPortfolioProducts(deps.products, options.tenantId);
  const random = seededRandom(options.seed);
  const shape = { seasonedShare: options.seasonedShare, openOn: options.openOn };
  const requests = Array.from({ length: options.loans }, (_, i) => randomPortfolioLoan(random, docs, options.tenantId, i + 1, shape));
  const bookDeps = { ledger: deps.ledger, clock: deps.clock, accountsOf: productAccountIds };
  let next = 0;
  let transfers = 0;
  const lane = async (): Promise<void> => {
    while (next < requests.length) {
      const batch = requests.slice(next, next + LOANS_PER_TRANSACTION);
      next += LOANS_PER_TRANSACTION;
      const written = await deps.db.transaction((tx) => bookSeasonedLoans(bookDeps, tx, options.tenantId, batch, options.openOn));
      transfers += written;
    }
  };
  const lanes = deps.db.engine === 'pglite' ? 1 : Math.max(1, options.lanes ?? 2);
  await Promise.all(Array.from({ length: lanes }, lane));
  return transfers;
}
