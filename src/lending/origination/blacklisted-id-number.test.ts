// Risk sees a customer's ID number only as lending's keyed digest: a raw ID number an operator puts on
// the black list is keyed the same way, so the customer holding it is declined at application.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../../compose.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';

let services: Services;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const product = {
  type: 'installment', currency: 'CNY', amount: { min: '100.00', max: '20000.00' }, terms: [3, 6],
  pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } }, offerExample: { amount: '5000.00', term: 6 },
};
const idOf = (first17: string): string => first17 + prcCheckCharacter(first17);

beforeAll(async () => {
  services = wireServices(await openTestDatabase(), clock);
  expect((await services.lending.products.create('t1', 'bnpl', product)).ok).toBe(true);
});
afterAll(async () => {
  await services.close();
});

async function applyAs(customerId: string, idNumber: string, phone: string) {
  const created = await services.lending.customers.create('t1', { id: customerId, idType: 'prcResidentId', idNumber, phone, birthOn: '1990-03-07' });
  expect(created.ok).toBe(true);
  const applied = await services.lending.applications.apply('t1', { customerId, productId: 'bnpl', monthlyIncome: '12000.00', requestedLimit: '5000.00' });
  if (!applied.ok) throw new Error(applied.code);
  return applied.value.value.application;
}

describe('a black-listed ID number', () => {
  it('written out in full on the list, declines the customer who holds it', async () => {
    const listed = idOf('11010519900307001');
    const added = await services.risk.lists.add('t1', { list: 'black', type: 'idNumber', value: listed.toLowerCase() });
    expect(added.ok).toBe(true);
    expect(services.risk.lists.normalise('idNumber', listed)).toMatch(/^[0-9A-F]{64}$/);

    expect(await applyAs('c-listed', listed, '13800000001')).toMatchObject({ outcome: 'reject', reasons: expect.arrayContaining(['BLACKLISTED']) });
    expect(await applyAs('c-clean', idOf('11010519900307002'), '13800000002')).toMatchObject({ outcome: 'approve' });
  });
});
