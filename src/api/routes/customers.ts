/**
 * `/v1/customers`: register a customer (identity number validated, stored hashed, shown masked; one
 * customer per person per tenant), change their phone number, read one, list them. Responses never carry the identity number or
 * the full phone number.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Customer, Customers } from '../../lending/customers/customers.ts';
import { ID_TYPES } from '../../lending/customers/id-number.ts';
import { ApiError, refused } from '../errors.ts';
import { keyedId } from '../idempotency.ts';
import { Cursor, DateString, PageQuery, errorResponses } from '../schemas.ts';
import { checkCursor, createdStatus, LendingId } from './lending-common.ts';

const IdType = Type.Union(ID_TYPES.map((t) => Type.Literal(t)), { default: 'prcResidentId' });

const CustomerView = Type.Object({
  id: LendingId,
  idType: Type.String(),
  idNumberMasked: Type.String({ description: 'first 3 and last 4 characters' }),
  name: Type.Union([Type.String(), Type.Null()]),
  phoneMasked: Type.String(),
  birthOn: DateString,
  createdAt: Type.String(),
});

function customerView(c: Customer) {
  return { id: c.id, idType: c.idType, idNumberMasked: c.idNumberMasked, name: c.name, phoneMasked: c.phoneMasked, birthOn: c.birthOn, createdAt: c.createdAt };
}

export function customerRoutes(customers: Customers): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['customers'];

    app.post('', {
      schema: {
        tags, summary: 'Register a customer (idempotent by id; the same person twice answers customer_exists with the existing id)',
        body: Type.Object({
          id: Type.Optional(LendingId),
          idType: Type.Optional(IdType),
          idNumber: Type.String({ minLength: 1, maxLength: 64 }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          phone: Type.String({ minLength: 1, maxLength: 32 }),
          birthOn: DateString,
        }, { additionalProperties: false }),
        response: { 200: CustomerView, 201: CustomerView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await customers.create(request.tenantId, { ...request.body, id: request.body.id ?? keyedId(request, 'cust'), idType: request.body.idType ?? 'prcResidentId' });
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(customerView(result.value.value));
    });

    app.get('', {
      schema: { tags, summary: 'Customers by id, a page at a time', querystring: PageQuery, response: { 200: Type.Object({ items: Type.Array(CustomerView), nextCursor: Type.Union([Cursor, Type.Null()]) }), ...errorResponses } },
    }, async (request) => {
      const page = await customers.list(request.tenantId, { cursor: checkCursor(request.query.cursor), limit: request.query.limit });
      return { items: page.items.map(customerView), nextCursor: page.nextCursor };
    });

    app.post('/:id/phone', {
      schema: {
        tags, summary: 'Change a customer\'s phone number (a new version; the registration stays as it was). The same number again changes nothing',
        params: Type.Object({ id: LendingId }),
        body: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false }),
        response: { 200: CustomerView, 201: CustomerView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await customers.changePhone(request.tenantId, request.params.id, request.body.phone);
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(customerView(result.value.value));
    });

    app.get('/:id', {
      schema: { tags, summary: 'One customer', params: Type.Object({ id: LendingId }), response: { 200: CustomerView, ...errorResponses } },
    }, async (request) => {
      const customer = await customers.get(request.tenantId, request.params.id);
      if (customer === null) throw ApiError.domain('customer_not_found', 'no such customer', 'id');
      return customerView(customer);
    });
  };
}
