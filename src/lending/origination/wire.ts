/**
 * Builds the lending services — products, customers, applications, drawdowns — on one database,
 * clock, id generator and ledger, with the ports (credit decisions, loan opening) supplied by the
 * caller. The composition root and the tests both wire through here.
 */
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../kernel/instant.ts';
import { createIdGenerator, type IdGenerator } from '../../kernel/ids.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { createCustomers, type Customers } from '../customers/customers.ts';
import type { PiiHasher } from '../customers/pii.ts';
import { createProducts, type Products } from '../products/products.ts';
import { createApplications, type Applications } from './applications.ts';
import type { DecisionPort } from './decision-port.ts';
import { createDrawdowns, type Drawdowns } from './drawdowns.ts';
import type { LoanOpener } from './loan-opener.ts';
import { createOriginationCaches } from './records.ts';

export interface LendingWiring {
  readonly db: Database;
  readonly clock: Clock;
  readonly ledger: Ledger;
  readonly decisions: DecisionPort;
  readonly loans: LoanOpener;
  /** The HMAC key of identity numbers (LENDCORE_PII_KEY). */
  readonly pii: PiiHasher;
  readonly ids?: IdGenerator;
  readonly timeZone?: string;
}

export interface Lending {
  readonly products: Products;
  readonly customers: Customers;
  readonly applications: Applications;
  readonly drawdowns: Drawdowns;
}

export function wireLending(w: LendingWiring): Lending {
  const ids = w.ids ?? createIdGenerator(w.clock);
  const products = createProducts({ db: w.db, clock: w.clock, ledger: w.ledger });
  const customers = createCustomers({ db: w.db, clock: w.clock, ids, pii: w.pii, timeZone: w.timeZone });
  const deps = { db: w.db, clock: w.clock, ids, ledger: w.ledger, products, customers, caches: createOriginationCaches(), timeZone: w.timeZone };
  return {
    products,
    customers,
    applications: createApplications({ ...deps, decisions: w.decisions }),
    drawdowns: createDrawdowns({ ...deps, loans: w.loans }),
  };
}
