/**
 * `/v1/decisions`: decide one application with the strategy deployment in force (champion or
 * challenger by the customer's stable bucket; shadows recorded beside it), read a decision with its
 * explanation, and list decisions — all of them or one application's — a page at a time.
 * The application id is the client id: deciding it again returns the decision already made (200),
 * whatever the new body says. Amounts are decimal strings in the strategy's currency.
 */
import { refused } from '../errors.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Clock } from '../../kernel/instant.ts';
import { decisionToJson } from '../../risk/decisions/decision.ts';
import { applicationFromInput } from '../../risk/features/application-input.ts';
import type { RiskServices } from '../../risk/services.ts';
import { Amount, Currency, Id, PageQuery, errorResponses, pageOf, Nullable } from '../schemas.ts';
import { decodeCursor, encodeCursor } from './risk-common.ts';

const Identifier = Type.String({ maxLength: 256 });
const Json = Type.Unknown({ description: 'a JSON document' });

const ApplicationBody = Type.Object({
  applicationId: Id,
  customerId: Id,
  appliedAt: Type.Optional(Type.String({ format: 'date-time', description: 'when the customer applied; defaults to now' })),
  currency: Type.Optional(Currency),
  requestedAmount: Amount,
  monthlyIncome: Type.Optional(Nullable(Amount)),
  termMonths: Type.Integer({ minimum: 1, maximum: 600 }),
  age: Type.Integer({ minimum: 0, maximum: 150 }),
  identity: Type.Object({
    idNumber: Identifier,
    phone: Type.Optional(Identifier),
    deviceId: Type.Optional(Identifier),
    ip: Type.Optional(Identifier),
    bankCard: Type.Optional(Identifier),
    address: Type.Optional(Identifier),
    contacts: Type.Optional(Type.Array(Identifier, { maxItems: 20 })),
  }, { additionalProperties: false }),
  fields: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.Number(), Type.String({ maxLength: 256 })]), { description: 'inputs the strategy declares' })),
}, { additionalProperties: false });

const StrategyRefView = Type.Object({ name: Type.String(), version: Type.Integer() });

const DecisionView = Type.Object({
  id: Type.String(), applicationId: Type.String(), customerId: Type.String(),
  role: Type.String({ description: 'champion, challenger or shadow' }), effective: Type.Boolean(),
  strategy: StrategyRefView,
  outcome: Type.String({ description: 'approve, review or reject' }),
  limit: Nullable(Amount), currency: Type.String(), priceTier: Nullable(Type.String()),
  score: Type.Number(), scoreBand: Type.String(), incomeBand: Type.String(),
  reasonCodes: Type.Array(Type.String()), ruleHits: Type.Array(Type.String()),
  features: Type.Record(Type.String(), Nullable(Type.Union([Type.Number(), Type.String()]))),
  application: Json,
  bucket: Type.Integer({ description: 'the customer\'s traffic bucket, 0–99' }),
  latencyMicros: Type.Integer({ description: 'features and every strategy, storage excluded' }),
  decidedAt: Type.String(),
});

const ExplainedDecisionView = Type.Object({
  ...DecisionView.properties,
  explanation: Type.Object({ rules: Json, lists: Json, scorecard: Json, offer: Json }),
});

export function riskDecisionRoutes(risk: RiskServices, clock: Clock): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.post('', {
      schema: {
        tags: ['decisions'], summary: 'Decide an application: outcome, limit, price tier, score, reasons, rule hits, features; stored append-only',
        body: ApplicationBody,
        response: { 200: DecisionView, 201: DecisionView, ...errorResponses },
      },
    }, async (request, reply) => {
      const tenantId = request.tenantId;
      const deployment = await risk.strategies.deployment(tenantId);
      if (deployment === null) refused({ code: 'no_active_strategy', message: 'no strategy has been activated for this tenant' });
      const known = await risk.decisions.list(tenantId, { applicationId: request.body.applicationId, limit: 1 });
      const application = applicationFromInput(request.body, deployment.champion.compiled.currency, clock.now());
      if (!application.ok) refused(application);
      const decided = await risk.decisions.decide(tenantId, application.value);
      if (!decided.ok) refused(decided);
      return reply.code(known.items.length === 0 ? 201 : 200).send(decisionToJson(decided.value) as never);
    });

    app.get('/:id', {
      schema: {
        tags: ['decisions'], summary: 'One decision, explained against the strategy version that made it',
        params: Type.Object({ id: Id }), response: { 200: ExplainedDecisionView, ...errorResponses },
      },
    }, async (request) => {
      const found = await risk.decisions.get(request.tenantId, request.params.id);
      if (!found.ok) refused(found);
      return { ...decisionToJson(found.value.decision), explanation: found.value.explanation } as never;
    });

    app.get('', {
      schema: {
        tags: ['decisions'], summary: 'Decisions by id (time order), a page at a time; one application\'s (effective and shadows) with applicationId',
        querystring: Type.Object({ ...PageQuery.properties, applicationId: Type.Optional(Id) }),
        response: { 200: pageOf(DecisionView), ...errorResponses },
      },
    }, async (request) => {
      const { cursor, limit = 100, applicationId } = request.query;
      const page = await risk.decisions.list(request.tenantId, { after: decodeCursor(cursor), limit, ...(applicationId ? { applicationId } : {}) });
      return { items: page.items.map(decisionToJson), nextCursor: encodeCursor(page.nextAfter) } as never;
    });
  };
}
