/**
 * `lendcore risk decide --strategy S.json|yaml --application A.json`: decides one application with one
 * strategy document, in process and without a database — no lists, no earlier applications (velocity
 * and graph see only this one), no customer history — and prints the decision as the HTTP API shows
 * it (`POST /v1/decisions`). For trying a strategy on a case before publishing it. Bad input prints
 * the JSON error and exits with status 2.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { decideInMemory, decisionOf } from '../../risk/decisions/decide.ts';
import { decisionToJson } from '../../risk/decisions/decision.ts';
import { normaliseApplication } from '../../risk/features/application.ts';
import { applicationFromInput, type ApplicationInput } from '../../risk/features/application-input.ts';
import { createTenantIndexes } from '../../risk/features/compute-features.ts';
import { compileStrategyText } from '../../risk/strategy/strategy-service.ts';
import { systemClock } from '../../kernel/instant.ts';
import { BadInput, readJsonInput, runJsonCommand } from '../json-io.ts';

const LOCAL_TENANT = 'local';
const LOCAL_VERSION = 0;

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInput('input_unreadable', `cannot read the ${what} ${file}: ${(error as Error).message}`, what);
  }
}

/** Adds `decide` to the `risk` command group. */
export function registerRiskDecideCommand(risk: Command): void {
  risk
    .command('decide')
    .description('decide one application with a strategy document, in process (no database, no lists or history)')
    .requiredOption('--strategy <file>', 'strategy document, JSON or YAML')
    .requiredOption('--application <file>', 'the application as JSON (amounts as decimal strings in the strategy currency), or - for standard input')
    .action(async (options: { strategy: string; application: string }) => {
      await runJsonCommand(async () => {
        const strategy = compileStrategyText(readText(options.strategy, 'strategy'));
        if (!strategy.ok) throw new BadInput(strategy.code, strategy.message ?? 'invalid strategy', strategy.param);
        const input = readJsonInput(options.application) as ApplicationInput;
        const now = systemClock.now();
        const app = applicationFromInput(input, strategy.value.currency, now);
        if (!app.ok) throw new BadInput(app.code, app.message ?? 'invalid application', app.param);
        const identity = normaliseApplication(app.value);
        if (!identity.ok) throw new BadInput(identity.code, identity.message ?? 'invalid application', identity.param);
        const champion = { name: strategy.value.name, version: LOCAL_VERSION, compiled: strategy.value };
        const made = decideInMemory(createTenantIndexes(), { seq: 0, champion, challenger: null, shadows: [] }, app.value, identity.value, null);
        const decision = decisionOf(made.effective, { decisionId: 'dec_local', tenantId: LOCAL_TENANT, app: app.value, bucket: made.bucket, latencyMicros: made.latencyMicros, decidedAt: now });
        return decisionToJson(decision);
      });
    });
}
