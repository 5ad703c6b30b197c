/**
 * `/v1/products`: create a product (version 1 and its ledger accounts), revise it (a new version),
 * read its current version or any version, list products, and name its chart-of-accounts ledger
 * accounts. Documents are JSON validated by the product module, which names the field at fault.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { productDocumentToJson } from '../../lending/products/product-document.ts';
import type { Products, ProductVersion } from '../../lending/products/products.ts';
import { ApiError, refused } from '../errors.ts';
import { Cursor, PageQuery, errorResponses } from '../schemas.ts';
import { checkCursor, createdStatus, Json } from './lending-common.ts';

const ProductId = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,32}$' });

const ProductView = Type.Object({
  id: ProductId,
  version: Type.Integer(),
  type: Type.String(),
  currency: Type.String(),
  document: Json,
  createdAt: Type.String(),
});

function productView(p: ProductVersion) {
  return { id: p.productId, version: p.version, type: p.document.type, currency: p.document.currency, document: productDocumentToJson(p.document), createdAt: p.createdAt };
}

export function productRoutes(products: Products): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['products'];
    const one = { 200: ProductView, 201: ProductView, ...errorResponses };

    app.post('', {
      schema: { tags, summary: 'Create a product: version 1 and its ledger accounts (idempotent by id)', body: Type.Object({ id: ProductId, document: Json }, { additionalProperties: false }), response: one },
    }, async (request, reply) => {
      const result = await products.create(request.tenantId, request.body.id, request.body.document);
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(productView(result.value.value));
    });

    app.post('/:id/versions', {
      schema: {
        tags, summary: 'Revise a product: a new version (signed contracts keep theirs)', params: Type.Object({ id: ProductId }),
        body: Type.Object({ document: Json, basedOnVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }), response: one,
      },
    }, async (request, reply) => {
      const result = await products.revise(request.tenantId, request.params.id, request.body.document, request.body.basedOnVersion);
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(productView(result.value.value));
    });

    app.get('', {
      schema: { tags, summary: 'Products (current versions) by id, a page at a time', querystring: PageQuery, response: { 200: Type.Object({ items: Type.Array(ProductView), nextCursor: Type.Union([Cursor, Type.Null()]) }), ...errorResponses } },
    }, async (request) => {
      const page = await products.list(request.tenantId, { cursor: checkCursor(request.query.cursor), limit: request.query.limit });
      return { items: page.items.map(productView), nextCursor: page.nextCursor };
    });

    app.get('/:id', {
      schema: { tags, summary: 'A product\'s current version, or the version asked for', params: Type.Object({ id: ProductId }), querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: ProductView, ...errorResponses } },
    }, async (request) => {
      const product = await products.get(request.tenantId, request.params.id, request.query.version);
      if (product === null) throw ApiError.domain('product_not_found', 'no such product or version', 'id');
      return productView(product);
    });

    app.get('/:id/versions', {
      schema: { tags, summary: 'Every version of a product, oldest first', params: Type.Object({ id: ProductId }), response: { 200: Type.Object({ items: Type.Array(ProductView) }), ...errorResponses } },
    }, async (request) => {
      const versions = await products.versions(request.tenantId, request.params.id);
      if (versions.length === 0) throw ApiError.domain('product_not_found', 'no such product', 'id');
      return { items: versions.map(productView) };
    });

    app.get('/:id/accounts', {
      schema: { tags, summary: 'The product\'s ledger account for each chart-of-accounts role', params: Type.Object({ id: ProductId }), response: { 200: Type.Object({ accounts: Type.Record(Type.String(), Type.String()) }), ...errorResponses } },
    }, async (request) => {
      const accounts = await products.productAccounts(request.tenantId, request.params.id);
      if (accounts === null) throw ApiError.domain('product_not_found', 'no such product', 'id');
      return { accounts };
    });
  };
}
