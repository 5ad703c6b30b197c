/**
 * Paying money into installments: components in the product's allocation order, each booked against
 * its receivable as far as it was recognised and as income beyond that (cash basis for what a
 * non-accrual loan did not recognise). Never pays a component more than it owes.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { post, setInstallment, type Draft } from './draft.ts';
import { changePrincipal } from './rollover.ts';
import type { ChartAccount, Component, LoanInstallment, LoanTerms, PostingKind, Receivables } from './types.ts';

export interface PaymentSource {
  readonly account: ChartAccount;
  readonly kind: PostingKind;
}

const DUE_FIELD = { principal: 'principalMinor', interest: 'interestMinor', fee: 'feeMinor', penalty: 'penaltyMinor' } as const;
const PAID_FIELD = { principal: 'principalPaidMinor', interest: 'interestPaidMinor', fee: 'feePaidMinor', penalty: 'penaltyPaidMinor' } as const;
const RECEIVABLE: Record<Exclude<Component, 'principal'>, { field: keyof Receivables; receivable: ChartAccount; income: ChartAccount }> = {
  interest: { field: 'interestMinor', receivable: 'interestReceivable', income: 'interestIncome' },
  fee: { field: 'feeMinor', receivable: 'feeReceivable', income: 'feeIncome' },
  penalty: { field: 'penaltyMinor', receivable: 'penaltyReceivable', income: 'penaltyIncome' },
};

export function outstandingOf(installment: LoanInstallment, component: Component): bigint {
  return installment[DUE_FIELD[component]] - installment[PAID_FIELD[component]];
}

export function totalOutstanding(installment: LoanInstallment): bigint {
  return (
    installment.principalMinor -
    installment.principalPaidMinor +
    installment.interestMinor -
    installment.interestPaidMinor +
    installment.feeMinor -
    installment.feePaidMinor +
    installment.penaltyMinor -
    installment.penaltyPaidMinor
  );
}

/** Pays `amountMinor` of one component of installment `index`; the caller keeps it within what is owed. */
export function payComponent(draft: Draft, terms: LoanTerms, on: LocalDate, index: number, component: Component, amountMinor: bigint, source: PaymentSource): void {
  if (amountMinor === 0n) return;
  const installment = draft.installments[index]!;
  setInstallment(draft, index, { ...installment, [PAID_FIELD[component]]: installment[PAID_FIELD[component]] + amountMinor });
  if (component === 'principal') {
    post(draft, source.account, 'loansReceivable', amountMinor, source.kind);
    changePrincipal(draft, terms, on, -amountMinor, index >= draft.periodIndex);
    return;
  }
  const target = RECEIVABLE[component];
  const recognised = draft.receivable[target.field];
  const fromReceivable = amountMinor < recognised ? amountMinor : recognised > 0n ? recognised : 0n;
  post(draft, source.account, target.receivable, fromReceivable, source.kind);
  post(draft, source.account, target.income, amountMinor - fromReceivable, source.kind);
}

/** Pays installment `index` in allocation order from `budgetMinor`; returns what is left. */
export function payInstallment(draft: Draft, terms: LoanTerms, on: LocalDate, index: number, budgetMinor: bigint, source: PaymentSource, components: readonly Component[] = terms.allocation): bigint {
  let budget = budgetMinor;
  for (const component of components) {
    if (budget === 0n) break;
    const owed = outstandingOf(draft.installments[index]!, component);
    const paid = owed < budget ? owed : budget;
    payComponent(draft, terms, on, index, component, paid, source);
    budget -= paid;
  }
  return budget;
}
