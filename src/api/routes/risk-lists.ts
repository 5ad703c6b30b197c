/**
 * `/v1/lists`: the black, grey and white lists. Add an entry (idempotent by list, type and normalised
 * value), remove one, page through a list, import a CSV (`type,value[,reason]`) whole or not at all —
 * a malformed file is refused with its row and column and nothing is written — and look an
 * identifier up on all three lists. Values are normalised (`+86 138-0013-8000` is `13800138000`).
 */
import { limits } from '../../kernel/limits.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IDENTIFIER_TYPES } from '../../risk/identifiers.ts';
import { LIST_KINDS } from '../../risk/lists/list-index.ts';
import type { RiskServices } from '../../risk/services.ts';
import { ApiError, refused } from '../errors.ts';
import { PageQuery, errorResponses, pageOf, Nullable } from '../schemas.ts';
import { decodeCursor, encodeCursor } from './risk-common.ts';

/**
 * An import's body may be far larger than other requests: 1 M rows of CSV are about 30 MB. The
 * service still caps rows at limits.riskListImportRowsMax.
 */

const ListKind = Type.Union(LIST_KINDS.map((k) => Type.Literal(k)), { description: 'black, grey or white' });
const IdentifierType = Type.Union(IDENTIFIER_TYPES.map((t) => Type.Literal(t)));
const Value = Type.String({ minLength: 1, maxLength: 256 });
const ListParams = Type.Object({ list: ListKind });

const EntryView = Type.Object({ type: Type.String(), value: Type.String(), reason: Nullable(Type.String()), addedAt: Type.String() });
const AddedView = Type.Object({ list: Type.String(), type: Type.String(), value: Type.String({ description: 'normalised' }), added: Type.Boolean() });
const RemovedView = Type.Object({ list: Type.String(), type: Type.String(), value: Type.String(), removed: Type.Boolean() });
const ImportView = Type.Object({ list: Type.String(), rows: Type.Integer(), added: Type.Integer({ description: 'rows not already listed' }) });
const LookupView = Type.Object({ type: Type.String(), value: Type.String({ description: 'normalised' }), black: Type.Boolean(), grey: Type.Boolean(), white: Type.Boolean() });

export function riskListRoutes(risk: RiskServices): FastifyPluginAsync {
  return async (plugin) => {
    // A text/csv body is the file itself, as if sent as {"csv": "..."}.
    plugin.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: limits.listImportBodyBytesMax }, (_request, body, done) => done(null, { csv: body }));
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/lookup', {
      schema: {
        tags: ['lists'], summary: 'Which lists hold an identifier',
        querystring: Type.Object({ type: IdentifierType, value: Value }), response: { 200: LookupView, ...errorResponses },
      },
    }, async (request) => {
      const { type, value } = request.query;
      const found = await risk.lists.check(request.tenantId, type, value);
      if (!found.ok) refused(found);
      return { type, value: risk.lists.normalise(type, value), ...found.value };
    });

    app.post('/:list/entries', {
      schema: {
        tags: ['lists'], summary: 'Add an identifier to a list (201 added, 200 already there)', params: ListParams,
        body: Type.Object({ type: IdentifierType, value: Value, reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: AddedView, 201: AddedView, ...errorResponses },
      },
    }, async (request, reply) => {
      const { list } = request.params;
      const added = await risk.lists.add(request.tenantId, { list, ...request.body });
      if (!added.ok) refused(added);
      const { type, value } = request.body;
      return reply.code(added.value.added ? 201 : 200).send({ list, type, value: risk.lists.normalise(type, value), added: added.value.added });
    });

    app.delete('/:list/entries/:type/:value', {
      schema: {
        tags: ['lists'], summary: 'Remove an identifier from a list', params: Type.Object({ list: ListKind, type: IdentifierType, value: Value }),
        response: { 200: RemovedView, ...errorResponses },
      },
    }, async (request) => {
      const { list, type, value } = request.params;
      const removed = await risk.lists.remove(request.tenantId, { list, type, value });
      if (!removed.ok) refused(removed);
      return { list, type, value: risk.lists.normalise(type, value), removed: removed.value.removed };
    });

    app.get('/:list/entries', {
      schema: {
        tags: ['lists'], summary: 'A list\'s entries by type and value, a page at a time', params: ListParams,
        querystring: Type.Object({ ...PageQuery.properties, type: Type.Optional(IdentifierType) }),
        response: { 200: pageOf(EntryView), ...errorResponses },
      },
    }, async (request) => {
      const { cursor, limit = 100, type } = request.query;
      const page = await risk.lists.entries(request.tenantId, request.params.list, { after: decodeCursor(cursor), limit, ...(type ? { type } : {}) });
      if (!page.ok) refused(page);
      return { items: page.value.items, nextCursor: encodeCursor(page.value.nextAfter) };
    });

    app.post('/:list/imports', {
      bodyLimit: limits.listImportBodyBytesMax,
      schema: {
        tags: ['lists'], summary: 'Import a CSV (header type,value[,reason]) into a list, all rows or none (JSON {csv} or a text/csv body)', params: ListParams,
        body: Type.Object({ csv: Type.String() }, { additionalProperties: false }),
        response: { 200: ImportView, ...errorResponses },
      },
    }, async (request) => {
      const { list } = request.params;
      if (request.body.csv.trim() === '') throw ApiError.domain('invalid_csv', 'the file is empty; expected a header row with columns type,value', 'csv');
      const imported = await risk.lists.importCsv(request.tenantId, list, request.body.csv);
      if (!imported.ok) refused(imported);
      return { list, ...imported.value };
    });
  };
}
