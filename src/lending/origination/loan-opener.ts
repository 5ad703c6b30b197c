/**
 * Opening loans, as a port: origination calls `open` inside the database transaction that posts the
 * drawdowns against their lines' limits, so a loan and the limit it uses commit together or not at
 * all. The loan book implements it with the servicing engine, one outcome per request in order: an
 * opened loan's disbursement transfers, which origination posts in that transaction, in the same
 * ledger request as the limit postings (one ledger round for both). A refusal (`{ok: false, code}`)
 * rolls that drawdown back and its code reaches the client unchanged.
 */
import type { Sql } from '../../db/database.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Currency } from '../../kernel/money.ts';
import type { Result } from '../../kernel/result.ts';
import type { TransferInput } from '../../ledger/types.ts';
import type { ProductDocument } from '../products/product-document.ts';
import type { ScheduleSpec } from '../schedules/types.ts';

export interface OpenLoanRequest {
  readonly tenantId: string;
  readonly loanId: string;
  readonly drawdownId: string;
  readonly lineId: string;
  readonly customerId: string;
  readonly productId: string;
  /** The product version the line's contract was signed under. */
  readonly productVersion: number;
  readonly currency: Currency;
  readonly principalMinor: bigint;
  readonly term: number;
  readonly disbursedOn: LocalDate;
  /** The exact spec the contract's schedule was built from (the line's price, the product's terms). */
  readonly scheduleSpec: ScheduleSpec;
  /** The line's contract: the product version it was signed under, priced at its tier. */
  readonly contract: ProductDocument;
  readonly kind: 'cash' | 'purchase';
  readonly purpose: string | null;
  readonly merchantId: string | null;
}

export interface LoanOpener {
  /** Books the loans in `tx` and answers each one's disbursements, unposted: the caller posts them in `tx`. */
  open(tx: Sql, requests: readonly OpenLoanRequest[]): Promise<Result<TransferInput[], string>[]>;
}
