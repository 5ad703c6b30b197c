/**
 * The demo tenant's products, as the documents `POST /v1/products` takes: Baitiao-style installment
 * credit for purchases (a 0.5% monthly fee on the original principal, 3 to 24 months), a cash loan
 * (18% a year on the declining balance) and a merchant line (daily interest, 30 to 90 day drawdowns).
 */
export const DEMO_PRODUCTS = {
  bnpl: {
    type: 'installment',
    name: 'Installment credit (Baitiao-style)',
    currency: 'CNY',
    amount: { min: '10.00', max: '30000.00' },
    terms: [3, 6, 12, 24],
    pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } },
    offerExample: { amount: '1000.00', term: 12 },
  },
  cash: {
    type: 'cashLoan',
    name: 'Cash loan',
    currency: 'CNY',
    amount: { min: '500.00', max: '50000.00' },
    terms: [3, 6, 12],
    pricing: { kind: 'interest', rate: { value: '18', per: 'year' } },
    offerExample: { amount: '10000.00', term: 12 },
  },
  merchant: {
    type: 'merchantLine',
    name: 'Merchant working-capital line',
    currency: 'CNY',
    amount: { min: '1000.00', max: '200000.00' },
    terms: [30, 60, 90],
    pricing: { kind: 'interest', rate: { value: '12', per: 'year' } },
    offerExample: { amount: '50000.00', term: 90 },
  },
} as const;
