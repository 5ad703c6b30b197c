/**
 * The chart of accounts of a product: one ledger account per role, in the product's currency, with a
 * deterministic id (`prod_<productId>_<role>`) so creating them is idempotent and any module can name
 * them without a lookup. Codes group roles for the trial balance (1xxx assets, 2xxx clearing,
 * 4xxx income, 5xxx expense).
 */
import type { Currency } from '../../kernel/money.ts';
import type { AccountInput } from '../../ledger/types.ts';

export const ACCOUNT_ROLE_CODES = {
  fundingSource: 1000,
  loansReceivable: 1100,
  interestReceivable: 1110,
  feeReceivable: 1120,
  penaltyReceivable: 1130,
  disbursementClearing: 2100,
  repaymentClearing: 2110,
  merchantPayable: 2120,
  customerWallet: 2130,
  interestIncome: 4100,
  feeIncome: 4110,
  penaltyIncome: 4120,
  recoveries: 4200,
  writeOffExpense: 5100,
} as const;

export type AccountRole = keyof typeof ACCOUNT_ROLE_CODES;
export const ACCOUNT_ROLES = Object.keys(ACCOUNT_ROLE_CODES) as AccountRole[];

export function productAccountId(productId: string, role: AccountRole): string {
  return `prod_${productId}_${role}`;
}

/** Products whose account ids are kept built (end of day asks for them once per loan it closes). */
const REMEMBERED_PRODUCTS_MAX = 1_000;
const remembered = new Map<string, Readonly<Record<AccountRole, string>>>();

/** Every role's account id for a product (one frozen object per product, built once). */
export function productAccountIds(productId: string): Readonly<Record<AccountRole, string>> {
  let ids = remembered.get(productId);
  if (!ids) {
    ids = Object.freeze(Object.fromEntries(ACCOUNT_ROLES.map((role) => [role, productAccountId(productId, role)])) as Record<AccountRole, string>);
    if (remembered.size >= REMEMBERED_PRODUCTS_MAX) remembered.clear();
    remembered.set(productId, ids);
  }
  return ids;
}

export function productAccountInputs(productId: string, c: Currency): AccountInput[] {
  return ACCOUNT_ROLES.map((role) => ({ id: productAccountId(productId, role), ledger: c, code: ACCOUNT_ROLE_CODES[role], reference: `product ${productId} ${role}` }));
}
