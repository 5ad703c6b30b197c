/**
 * The portfolio report as data: the snapshot (portfolio.ts), the vintage table (vintages.ts) and the
 * stratification (stratification.ts) in one JSON-ready document, amounts as decimal strings of the
 * currency and shares as percent strings. `ties` states the two checks an auditor makes first: the
 * ledger's trial balance balances, and the outstanding principal of the loan book equals what the
 * ledger's loans-receivable accounts hold (and the buckets add up to it).
 */
import type { Database } from '../db/database.ts';
import type { LocalDate } from '../kernel/local-date.ts';
import { formatAmount, type Currency } from '../kernel/money.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { percentOf } from './percent.ts';
import { portfolioSnapshot } from './portfolio.ts';
import { stratification, type StratumLine } from './stratification.ts';
import { vintageTable, type VintageSnapshot } from './vintages.ts';

export interface StratumJson {
  readonly band: string;
  readonly loans: number;
  readonly loansPercent: string | null;
  readonly original: string;
  readonly originalPercent: string | null;
  readonly outstanding: string;
  readonly outstandingPercent: string | null;
}

export interface PortfolioReport {
  readonly asOf: LocalDate;
  readonly currency: string;
  readonly customers: number;
  readonly applications: { total: number; approved: number; rejected: number; review: number; approvalRatePercent: string | null };
  readonly loans: { total: number; active: number; closed: number; writtenOff: number };
  readonly disbursed: string;
  readonly outstanding: string;
  readonly buckets: { bucket: string; loans: number; outstanding: string; outstandingPercent: string | null }[];
  readonly dpd30PlusPercent: string | null;
  readonly dpd90PlusPercent: string | null;
  readonly writtenOffPrincipal: string;
  readonly products: { productId: string; loans: number; disbursed: string; outstanding: string }[];
  readonly vintages: { month: string; loans: number; original: string; dpd30PlusPercentByMob: (string | null)[] }[];
  readonly stratification: { amount: StratumJson[]; term: StratumJson[]; age: StratumJson[] };
  readonly ledger: {
    trialBalance: { lines: { code: number; accounts: number; debits: string; credits: string }[]; debits: string; credits: string; balanced: boolean };
    loansReceivable: string;
  };
  readonly ties: { trialBalanceBalanced: boolean; outstandingEqualsLedger: boolean; bucketsEqualOutstanding: boolean };
}

export async function buildPortfolioReport(db: Database, ledger: Ledger, tenantId: string, c: Currency, asOf: LocalDate, snapshots: readonly VintageSnapshot[]): Promise<PortfolioReport> {
  const p = await portfolioSnapshot(db, ledger, tenantId, c);
  const strata = await stratification(db, tenantId);
  const money = (minor: bigint): string => formatAmount(minor, c);
  const strataJson = (lines: readonly StratumLine[]): StratumJson[] =>
    lines.map((s) => ({ band: s.band, loans: s.loans, loansPercent: s.loansPercent, original: money(s.originalMinor), originalPercent: s.originalPercent, outstanding: money(s.outstandingMinor), outstandingPercent: s.outstandingPercent }));
  const bucketTotal = p.buckets.reduce((s, b) => s + b.outstandingMinor, 0n);
  const tb = p.trialBalance;
  return {
    asOf,
    currency: c,
    customers: p.customers,
    applications: { ...p.applications, approvalRatePercent: percentOf(BigInt(p.applications.approved), BigInt(p.applications.total)) },
    loans: p.loans,
    disbursed: money(p.disbursedMinor),
    outstanding: money(p.outstandingMinor),
    buckets: p.buckets.map((b) => ({ bucket: b.bucket, loans: b.loans, outstanding: money(b.outstandingMinor), outstandingPercent: percentOf(b.outstandingMinor, p.outstandingMinor) })),
    dpd30PlusPercent: percentOf(p.dpd30PlusMinor, p.outstandingMinor),
    dpd90PlusPercent: percentOf(p.dpd90PlusMinor, p.outstandingMinor),
    writtenOffPrincipal: money(p.writtenOffPrincipalMinor),
    products: p.products.map((x) => ({ productId: x.productId, loans: x.loans, disbursed: money(x.disbursedMinor), outstanding: money(x.outstandingMinor) })),
    vintages: vintageTable(snapshots).map((v) => ({ month: v.month, loans: v.loans, original: money(v.originalMinor), dpd30PlusPercentByMob: [...v.dpd30PlusPercentByMob] })),
    stratification: { amount: strataJson(strata.amount), term: strataJson(strata.term), age: strataJson(strata.age) },
    ledger: {
      trialBalance: {
        lines: tb.lines.map((l) => ({ code: l.code, accounts: l.accounts, debits: money(l.debitsPosted), credits: money(l.creditsPosted) })),
        debits: money(tb.debitsPosted),
        credits: money(tb.creditsPosted),
        balanced: tb.balanced,
      },
      loansReceivable: money(p.ledgerLoansReceivableMinor),
    },
    ties: { trialBalanceBalanced: tb.balanced, outstandingEqualsLedger: p.outstandingMinor === p.ledgerLoansReceivableMinor, bucketsEqualOutstanding: bucketTotal === p.outstandingMinor },
  };
}
