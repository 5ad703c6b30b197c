/**
 * How a loan's servicing state is stored in `lending_loans.state`: a compact JSON document (a text column) written
 * and read field by field. Installments are tuples rather than objects with long keys, so a
 * 12-installment state is about a third of the generic form's size — under PostgreSQL's TOAST
 * threshold — and encoding and decoding do no reflection. Amounts are decimal strings of minor
 * units (never JSON numbers). The round trip is exact; stored-state.test.ts proves it on states from
 * every servicing operation.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Currency } from '../../kernel/money.ts';
import type { Bucket, ComponentAmounts, LoanInstallment, LoanState, LoanStatus } from '../servicing/index.ts';

type Amount = string;
type StoredInstallment = [number, string, string, Amount, Amount, Amount, Amount, Amount, Amount, Amount, Amount, boolean];
type StoredComponents = [Amount, Amount, Amount, Amount];

/** Version 1 of the stored form; the tag lets a later form be read beside this one. */
export interface StoredLoanState {
  readonly v: 1;
  readonly c: string;
  readonly d: string;
  readonly s: string;
  readonly o: string;
  readonly i: StoredInstallment[];
  readonly pi: number;
  readonly ou: number;
  readonly po: Amount;
  readonly lv: Amount;
  readonly sf: string;
  readonly sb: Amount;
  readonly pc: Amount;
  readonly pa: Amount;
  readonly ex: boolean;
  /** Absent in states stored before it existed: read as the open business date. */
  readonly le?: string;
  readonly r: StoredComponents;
  readonly dpd: number;
  readonly b: string;
  readonly na: boolean;
  readonly pen: Amount;
  readonly rf: Amount;
  readonly wo: StoredComponents | null;
  readonly rc: Amount;
  /** Absent in states stored before it existed (migration 0264 wrote it where it was not zero): 0. */
  readonly cb?: Amount;
}

const components = (a: ComponentAmounts): StoredComponents => [a.principalMinor.toString(), a.interestMinor.toString(), a.feeMinor.toString(), a.penaltyMinor.toString()];
const componentsOf = (c: StoredComponents): ComponentAmounts => ({ principalMinor: BigInt(c[0]), interestMinor: BigInt(c[1]), feeMinor: BigInt(c[2]), penaltyMinor: BigInt(c[3]) });

export function encodeLoanState(s: LoanState): StoredLoanState {
  return {
    v: 1,
    c: s.currency,
    d: s.disbursedOn,
    s: s.status,
    o: s.openOn,
    i: s.installments.map((x) => [
      x.n, x.fromOn, x.dueOn,
      x.principalMinor.toString(), x.interestMinor.toString(), x.feeMinor.toString(), x.penaltyMinor.toString(),
      x.principalPaidMinor.toString(), x.interestPaidMinor.toString(), x.feePaidMinor.toString(), x.penaltyPaidMinor.toString(),
      x.penaltyCharged,
    ]),
    pi: s.periodIndex,
    ou: s.oldestUnpaidIndex,
    po: s.principalOutstandingMinor.toString(),
    lv: s.levelMinor.toString(),
    sf: s.segmentFromOn,
    sb: s.segmentBalanceMinor.toString(),
    pc: s.periodClosedInterestMinor.toString(),
    pa: s.periodAccruedMinor.toString(),
    ex: s.excessOnDueInstallment,
    le: s.lastEventOn,
    r: components(s.receivable),
    dpd: s.daysPastDue,
    b: s.bucket,
    na: s.nonAccrual,
    pen: s.penaltiesChargedMinor.toString(),
    rf: s.refundedMinor.toString(),
    wo: s.writtenOff === null ? null : components(s.writtenOff),
    rc: s.recoveredMinor.toString(),
    cb: s.creditBalanceMinor.toString(),
  };
}

function installmentOf(x: StoredInstallment): LoanInstallment {
  return {
    n: x[0],
    fromOn: x[1] as LocalDate,
    dueOn: x[2] as LocalDate,
    principalMinor: BigInt(x[3]),
    interestMinor: BigInt(x[4]),
    feeMinor: BigInt(x[5]),
    penaltyMinor: BigInt(x[6]),
    principalPaidMinor: BigInt(x[7]),
    interestPaidMinor: BigInt(x[8]),
    feePaidMinor: BigInt(x[9]),
    penaltyPaidMinor: BigInt(x[10]),
    penaltyCharged: x[11],
  };
}

export function decodeLoanState(j: StoredLoanState): LoanState {
  return {
    currency: j.c as Currency,
    disbursedOn: j.d as LocalDate,
    status: j.s as LoanStatus,
    openOn: j.o as LocalDate,
    installments: j.i.map(installmentOf),
    periodIndex: j.pi,
    oldestUnpaidIndex: j.ou,
    principalOutstandingMinor: BigInt(j.po),
    levelMinor: BigInt(j.lv),
    segmentFromOn: j.sf as LocalDate,
    segmentBalanceMinor: BigInt(j.sb),
    periodClosedInterestMinor: BigInt(j.pc),
    periodAccruedMinor: BigInt(j.pa),
    excessOnDueInstallment: j.ex,
    lastEventOn: (j.le ?? j.o) as LocalDate,
    receivable: componentsOf(j.r),
    daysPastDue: j.dpd,
    bucket: j.b as Bucket,
    nonAccrual: j.na,
    penaltiesChargedMinor: BigInt(j.pen),
    refundedMinor: BigInt(j.rf),
    writtenOff: j.wo === null ? null : componentsOf(j.wo),
    recoveredMinor: BigInt(j.rc),
    creditBalanceMinor: BigInt(j.cb ?? '0'),
  };
}
