/**
 * The HTTP application, built by `buildApp(deps)` so tests drive it with `app.inject` and no network.
 * A small core — tenancy, idempotency keys, the error catalogue, the OpenAPI document at
 * `/openapi.json` — and one plugin per API area under `/v1`.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../db/database.ts';
import type { Clock } from '../kernel/instant.ts';
import { limits } from '../kernel/limits.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { ApiError } from './errors.ts';
import { registerIdempotency } from './idempotency.ts';
import type { EndOfDay } from '../compose.ts';
import type { LoanBook } from '../lending/loans/loan-book.ts';
import type { LoanBatches } from '../lending/loans/loan-batches.ts';
import type { Lending } from '../lending/origination/wire.ts';
import { loanRoutes } from './routes/loans.ts';
import { customerRoutes } from './routes/customers.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { originationRoutes } from './routes/origination.ts';
import { productRoutes } from './routes/products.ts';
import { riskDecisionRoutes } from './routes/risk-decisions.ts';
import { riskListRoutes } from './routes/risk-lists.ts';
import { riskStrategyRoutes } from './routes/risk-strategies.ts';
import type { RiskServices } from '../risk/services.ts';
import { registerTenancy, SCOPES, type ApiKey } from './tenancy.ts';
import { createValidatorCompiler, registerStorableText } from './validation.ts';


export interface AppDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly ledger: Ledger;
  /** Products, customers and origination (src/lending). */
  readonly lending?: Lending;
  /** The loan book, its batch path and end of day; served with `lending`. */
  readonly loans?: LoanBook;
  readonly loanBatches?: LoanBatches;
  readonly endOfDay?: EndOfDay;
  /** Strategies, lists and decisions (src/risk). */
  readonly risk?: RiskServices;
  readonly apiKeys?: readonly ApiKey[];
  readonly logger?: boolean;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: limits.httpBodyBytesMax,
    // A URL the router cannot read (bad percent-encoding, a path segment over its length limit)
    // never reaches a route or the error handler: answer it in the catalogue's shape too.
    frameworkErrors: (_error, _request, reply: FastifyReply) => reply.code(400).send(ApiError.of('invalid_url').body()),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'lendcore', version: '0.1.0', description: 'Risk decisions, lending, servicing and a double-entry ledger. Amounts are decimal strings in major units.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: `an API key bound to a tenant (LENDCORE_API_KEYS), maybe limited to scopes: ${SCOPES.join(', ')}; a request outside them answers 403 forbidden` } } },
      security: [{ apiKey: [] }],
    },
  });

  registerTenancy(app, deps.apiKeys ?? []);
  registerStorableText(app);
  registerIdempotency(app, deps.db, deps.clock);

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.statusCode).send(error.body());
    const e = error as { validation?: { instancePath?: string; params?: { missingProperty?: string } }[]; validationContext?: string; code?: string; statusCode?: number; message?: string };
    if (e.validation) {
      const first = e.validation[0];
      const path = [e.validationContext, ...(first?.instancePath ?? '').split('/').filter(Boolean), first?.params?.missingProperty].filter(Boolean).join('.');
      const apiError = ApiError.of('validation_failed', path || undefined, e.message);
      return reply.code(apiError.statusCode).send(apiError.body());
    }
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.code(400).send(ApiError.of('invalid_json').body());
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(400).send(ApiError.of('body_too_large').body());
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(400).send(ApiError.of('unsupported_media_type').body());
    // Any other client error Fastify raises (a forbidden __proto__ key, a bad Content-Length, …).
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return reply.code(400).send(ApiError.of('bad_request', undefined, e.message).body());
    request.log.error(error);
    return reply.code(500).send(ApiError.of('internal_error').body());
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(ApiError.of('route_not_found').body()));

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));

  await app.register(ledgerRoutes(deps.ledger), { prefix: '/v1/ledger' });
  if (deps.lending) {
    const { products, customers, applications, drawdowns } = deps.lending;
    await app.register(productRoutes(products), { prefix: '/v1/products' });
    await app.register(customerRoutes(customers), { prefix: '/v1/customers' });
    await app.register(originationRoutes(applications, drawdowns, () => deps.clock.now()), { prefix: '/v1' });
  }
  if (deps.loans && deps.loanBatches && deps.endOfDay) await app.register(loanRoutes(deps.loans, deps.loanBatches, deps.endOfDay), { prefix: '/v1' });
  if (deps.risk) {
    await app.register(riskDecisionRoutes(deps.risk, deps.clock), { prefix: '/v1/decisions' });
    await app.register(riskStrategyRoutes(deps.risk), { prefix: '/v1/strategies' });
    await app.register(riskListRoutes(deps.risk), { prefix: '/v1/lists' });
  }
  await app.ready();
  return app;
}
