/**
 * The portfolio report for people and spreadsheets: readable text tables (the CLI's table helper)
 * and the three CSVs written beside the JSON — buckets, vintages (30+ by month on book per
 * origination month) and stratification (amount, term, age). Pure: report in, text out.
 */
import { formatTable } from '../cli/text-table.ts';
import type { PortfolioReport, StratumJson } from './portfolio-report.ts';

const pct = (value: string | null): string => (value === null ? '' : `${value}%`);

function csv(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null): string => {
    const text = v === null ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [headers, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function bucketsCsv(r: PortfolioReport): string {
  return csv(['bucket', 'loans', 'outstanding', 'outstanding_percent'], r.buckets.map((b) => [b.bucket, b.loans, b.outstanding, b.outstandingPercent]));
}

export function vintagesCsv(r: PortfolioReport): string {
  const mobs = Math.max(0, ...r.vintages.map((v) => v.dpd30PlusPercentByMob.length));
  return csv(
    ['origination_month', 'loans', 'original_principal', ...Array.from({ length: mobs }, (_, k) => `mob${k}_30plus_percent`)],
    r.vintages.map((v) => [v.month, v.loans, v.original, ...v.dpd30PlusPercentByMob]),
  );
}

export function stratificationCsv(r: PortfolioReport): string {
  const rows = (dimension: string, lines: readonly StratumJson[]) =>
    lines.map((s) => [dimension, s.band, s.loans, s.loansPercent, s.original, s.originalPercent, s.outstanding, s.outstandingPercent]);
  return csv(
    ['dimension', 'band', 'loans', 'loans_percent', 'original_principal', 'original_percent', 'outstanding_principal', 'outstanding_percent'],
    [...rows('amount', r.stratification.amount), ...rows('term', r.stratification.term), ...rows('age', r.stratification.age)],
  );
}

function strataTable(title: string, lines: readonly StratumJson[]): string {
  return `${title}\n${formatTable(
    ['band', 'loans', '%', 'original', '%', 'outstanding', '%'],
    lines.map((s) => [s.band, String(s.loans), pct(s.loansPercent), s.original, pct(s.originalPercent), s.outstanding, pct(s.outstandingPercent)]),
    [false, true, true, true, true, true, true],
  )}`;
}

export function reportText(r: PortfolioReport): string {
  const a = r.applications;
  const summary = formatTable(
    ['portfolio', r.asOf],
    [
      ['customers', String(r.customers)],
      ['applications', String(a.total)],
      ['approved / rejected / review', `${a.approved} / ${a.rejected} / ${a.review}`],
      ['approval rate', pct(a.approvalRatePercent)],
      ['loans (active / closed / written off)', `${r.loans.total} (${r.loans.active} / ${r.loans.closed} / ${r.loans.writtenOff})`],
      [`disbursed (${r.currency})`, r.disbursed],
      [`outstanding principal (${r.currency})`, r.outstanding],
      ['30+ ratio', pct(r.dpd30PlusPercent)],
      ['90+ ratio (NPL)', pct(r.dpd90PlusPercent)],
      ['written-off principal', r.writtenOffPrincipal],
    ],
    [false, true],
  );
  const products = formatTable(['product', 'loans', 'disbursed', 'outstanding'], r.products.map((p) => [p.productId, String(p.loans), p.disbursed, p.outstanding]), [false, true, true, true]);
  const buckets = formatTable(['bucket', 'loans', 'outstanding', '%'], r.buckets.map((b) => [b.bucket, String(b.loans), b.outstanding, pct(b.outstandingPercent)]), [false, true, true, true]);
  const mobs = Math.max(0, ...r.vintages.map((v) => v.dpd30PlusPercentByMob.length));
  const vintages = formatTable(
    ['vintage', 'loans', 'original', ...Array.from({ length: mobs }, (_, k) => `MOB${k}`)],
    r.vintages.map((v) => [v.month, String(v.loans), v.original, ...v.dpd30PlusPercentByMob.map(pct)]),
    [false, true, true, ...Array.from({ length: mobs }, () => true)],
  );
  const tb = r.ledger.trialBalance;
  const ledger = formatTable(
    ['account code', 'accounts', 'debits', 'credits'],
    [...tb.lines.map((l) => [String(l.code), String(l.accounts), l.debits, l.credits]), ['total', '', tb.debits, tb.credits]],
    [false, true, true, true],
  );
  const ties = r.ties;
  return [
    summary,
    `by product\n${products}`,
    `delinquency buckets (active loans, outstanding principal)\n${buckets}`,
    `vintages: 30+ principal / original principal, by month on book\n${vintages}`,
    strataTable('stratification by original amount (CNY)', r.stratification.amount),
    strataTable('stratification by term', r.stratification.term),
    strataTable('stratification by borrower age at origination', r.stratification.age),
    `ledger trial balance (${r.currency})\n${ledger}`,
    `books tie: trial balance balanced ${ties.trialBalanceBalanced}; outstanding = ledger loans receivable (${r.ledger.loansReceivable}) ${ties.outstandingEqualsLedger}; buckets = outstanding ${ties.bucketsEqualOutstanding}\n`,
  ].join('\n');
}
