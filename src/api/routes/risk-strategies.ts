/**
 * `/v1/strategies`: publish a strategy document (JSON or YAML) as the next version of its name, read
 * and list versions, and deploy them — a champion, an optional challenger with its traffic share, and
 * shadows — with the history of deployments. An invalid document is refused (400 `invalid_strategy`,
 * `param` the path of its first problem) and nothing changes. Publishing the document the latest
 * version already holds, or activating the deployment in force, returns it (200) rather than a copy.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RiskServices } from '../../risk/services.ts';
import type { DeploymentRecord } from '../../risk/strategy/strategy-catalog.ts';
import { ApiError, refused } from '../errors.ts';
import { PageQuery, errorResponses, pageOf, Nullable } from '../schemas.ts';
import { decodeCursor, encodeCursor } from './risk-common.ts';

const StrategyName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Ref = Type.Object({ name: StrategyName, version: Version }, { additionalProperties: false });

const VersionSummary = Type.Object({
  name: Type.String(), version: Type.Integer(), description: Nullable(Type.String()),
  sourceFormat: Type.String({ description: 'json or yaml, as published' }), createdAt: Type.String(),
});
const VersionView = Type.Object({ ...VersionSummary.properties, document: Type.Unknown({ description: 'the strategy document' }) });
const PublishedView = Type.Object({ name: Type.String(), version: Type.Integer() });

const DeploymentView = Type.Object({
  seq: Type.Integer({ description: 'activation number; the highest is in force' }),
  champion: Ref,
  challenger: Nullable(Type.Object({ name: Type.String(), version: Type.Integer(), percent: Type.Integer() })),
  shadows: Type.Array(Ref),
  activatedAt: Type.String(),
});

const deploymentView = (d: DeploymentRecord) => ({ ...d, shadows: [...d.shadows] });

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export function riskStrategyRoutes(risk: RiskServices): FastifyPluginAsync {
  return async (plugin) => {
    // A YAML body is the document's source text, as if sent as {"source": "..."}.
    plugin.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, { source: body }));
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.post('', {
      schema: {
        tags: ['strategies'], summary: 'Publish a strategy document as the next version of its name (JSON body {document} or {source}, or a YAML body)',
        body: Type.Object({
          document: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'the document as JSON' })),
          source: Type.Optional(Type.String({ description: 'the document\'s text, JSON or YAML' })),
        }, { additionalProperties: false }),
        response: { 200: PublishedView, 201: PublishedView, ...errorResponses },
      },
    }, async (request, reply) => {
      const { document, source } = request.body;
      if ((document === undefined) === (source === undefined)) throw ApiError.of('validation_failed', 'document', 'give exactly one of document and source');
      const published = await risk.strategies.publish(request.tenantId, source ?? JSON.stringify(document));
      if (!published.ok) refused(published);
      const { name, version, created } = published.value;
      return reply.code(created ? 201 : 200).send({ name, version });
    });

    app.get('', {
      schema: {
        tags: ['strategies'], summary: 'Published versions by name and version, a page at a time',
        querystring: Type.Object({ ...PageQuery.properties, name: Type.Optional(StrategyName) }),
        response: { 200: pageOf(VersionSummary), ...errorResponses },
      },
    }, async (request) => {
      const { cursor, limit = 100, name } = request.query;
      const page = await risk.strategies.versions(request.tenantId, { after: decodeCursor(cursor), limit, ...(name ? { name } : {}) });
      return { items: page.items, nextCursor: encodeCursor(page.nextAfter) };
    });

    app.get('/:name/versions/:version', {
      schema: {
        tags: ['strategies'], summary: 'One published version with its document',
        params: Type.Object({ name: StrategyName, version: Version }), response: { 200: VersionView, ...errorResponses },
      },
    }, async (request) => {
      const found = await risk.strategies.version(request.tenantId, request.params);
      if (!found.ok) refused(found);
      return found.value;
    });

    app.post('/deployments', {
      schema: {
        tags: ['strategies'], summary: 'Activate a deployment: champion, optional challenger with its traffic percent, shadows',
        body: Type.Object({
          champion: Ref,
          challenger: Type.Optional(Type.Object({ name: StrategyName, version: Version, percent: Type.Integer({ minimum: 0, maximum: 100 }) }, { additionalProperties: false })),
          shadows: Type.Optional(Type.Array(Ref, { maxItems: 16 })),
        }, { additionalProperties: false }),
        response: { 200: DeploymentView, 201: DeploymentView, ...errorResponses },
      },
    }, async (request, reply) => {
      const activated = await risk.strategies.activate(request.tenantId, request.body);
      if (!activated.ok) refused(activated);
      const [current] = (await risk.strategies.deployments(request.tenantId, { limit: 1 })).items;
      return reply.code(activated.value.created ? 201 : 200).send(deploymentView(current as DeploymentRecord));
    });

    app.get('/deployments', {
      schema: {
        tags: ['strategies'], summary: 'Deployments, latest (the one in force) first, a page at a time',
        querystring: PageQuery, response: { 200: pageOf(DeploymentView), ...errorResponses },
      },
    }, async (request) => {
      const { cursor, limit = 100 } = request.query;
      const page = await risk.strategies.deployments(request.tenantId, { after: decodeCursor(cursor), limit });
      return { items: page.items.map(deploymentView), nextCursor: encodeCursor(page.nextAfter) };
    });

    app.get('/deployments/active', {
      schema: { tags: ['strategies'], summary: 'The deployment in force', response: { 200: DeploymentView, ...errorResponses } },
    }, async (request) => {
      const [current] = (await risk.strategies.deployments(request.tenantId, { limit: 1 })).items;
      if (current === undefined) refused({ code: 'no_active_strategy', message: 'no strategy has been activated for this tenant' });
      return deploymentView(current);
    });
  };
}
