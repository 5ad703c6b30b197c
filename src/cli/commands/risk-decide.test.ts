import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { registerRiskDecideCommand } from './risk-decide.ts';

const dir = mkdtempSync(join(tmpdir(), 'decide-'));
const STRATEGY = new URL('../../risk/strategies/default-consumer.json', import.meta.url).pathname;
const yamlStrategy = join(dir, 'strategy.yaml');
writeFileSync(yamlStrategy, stringify(JSON.parse(readFileSync(STRATEGY, 'utf8'))));

let applicationFiles = 0;
function applicationFile(extra: Record<string, unknown> = {}): string {
  const file = join(dir, `app-${(applicationFiles += 1)}.json`);
  writeFileSync(file, JSON.stringify({
    applicationId: 'app_1', customerId: 'cus_1', appliedAt: '2026-03-01T10:00:00.000Z', requestedAmount: '30000.00', monthlyIncome: '15000.00',
    termMonths: 12, age: 30, fields: { employmentType: 'salaried' }, identity: { idNumber: '110101199001010001', phone: '13800000001' }, ...extra,
  }));
  return file;
}

async function decide(args: string[]): Promise<{ output: any; exitCode: number | undefined }> {
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  const program = new Command().exitOverride();
  registerRiskDecideCommand(program.command('risk'));
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'lendcore', 'risk', 'decide', ...args]);
  } finally {
    write.mockRestore();
  }
  return { output: JSON.parse(printed), exitCode: process.exitCode };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('lendcore risk decide', () => {
  it('decides in process with a JSON or a YAML strategy, the same way', async () => {
    const application = applicationFile();
    const json = await decide(['--strategy', STRATEGY, '--application', application]);
    const yaml = await decide(['--strategy', yamlStrategy, '--application', application]);
    expect(json.exitCode).toBeUndefined();
    expect(json.output).toMatchObject({ applicationId: 'app_1', role: 'champion', strategy: { name: 'default-consumer' }, currency: 'CNY' });
    expect(['approve', 'review', 'reject']).toContain(json.output.outcome);
    expect(json.output.application.requestedAmount).toBe('30000.00');
    const { latencyMicros: _a, decidedAt: _c, ...jsonRest } = json.output;
    const { latencyMicros: _b, decidedAt: _d, ...yamlRest } = yaml.output;
    expect(yamlRest).toEqual(jsonRest);
  });

  it.each([
    [{ requestedAmount: '1.005' }, 'invalid_application', 'requestedAmount'],
    [{ currency: 'USD' }, 'invalid_application', 'currency'],
    [{ identity: { idNumber: '' } }, 'invalid_application', 'identity.idNumber'],
    [{ age: 'thirty' }, 'invalid_application', 'age'],
  ])('refuses %j with %s at %s, exit 2', async (extra, code, param) => {
    const { output, exitCode } = await decide(['--strategy', STRATEGY, '--application', applicationFile(extra)]);
    expect(exitCode).toBe(2);
    expect(output.error).toMatchObject({ code, param });
  });

  it('refuses an invalid strategy with the path of its first problem', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'kind: lendcore.strategy\nname: Bad Name\n');
    const { output, exitCode } = await decide(['--strategy', broken, '--application', applicationFile()]);
    expect(exitCode).toBe(2);
    expect(output.error.code).toBe('invalid_strategy');
  });
});
