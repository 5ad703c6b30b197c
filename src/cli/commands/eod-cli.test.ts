// The real `lendcore eod run` process on a fresh embedded database: a malformed option is a JSON error
// and exit status 2, a date a new tenant cannot start at a refusal and exit status 1, today closes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { businessDateOf, systemClock } from '../../kernel/instant.ts';
import { addDays } from '../../kernel/local-date.ts';

const bin = resolve(import.meta.dirname, '../../../bin/lendcore.js');
// PGlite in a directory of its own, whatever DATABASE_URL the suite runs with.
const env = { ...process.env, DATABASE_URL: '', LENDCORE_DATA_DIR: mkdtempSync(join(tmpdir(), 'lendcore-eod-')) };

function eod(...args: string[]): { status: number | null; json: { error?: { code: string; message: string }; businessDate?: string; reconciled?: boolean } } {
  const result = spawnSync(process.execPath, [bin, 'eod', 'run', '--json', ...args], { encoding: 'utf8', env });
  return { status: result.status, json: JSON.parse(result.stdout) };
}

describe('lendcore eod run', () => {
  it('refuses malformed options and a first date other than today, then closes today', () => {
    const today = businessDateOf(systemClock.now(), 'Asia/Shanghai');
    expect(eod('--date', today, '--workers', 'abc')).toMatchObject({ status: 2, json: { error: { code: 'invalid_option' } } });
    expect(eod('--date', today, '--chunk', '0')).toMatchObject({ status: 2, json: { error: { code: 'invalid_option' } } });
    expect(eod('--date', addDays(today, 1))).toMatchObject({ status: 1, json: { error: { code: 'business_date_out_of_order', message: `the next business date to close is ${today}` } } });
    expect(eod('--date', today)).toMatchObject({ status: 0, json: { businessDate: today, reconciled: true } });
  });
});
