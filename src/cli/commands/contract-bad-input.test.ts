/**
 * The contract commands on bad input, generated: `lendcore schedule`, `lendcore apr` and `lendcore
 * loan simulate` get their golden vectors' inputs bent out of shape (a field dropped or replaced by
 * any JSON or a near-miss string, an unknown key added) and either answer or stop with a BadInput
 * carrying a stable code (a JSON error, exit status 2), never another exception (a stack trace,
 * exit status 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bend, mutations } from '../../../test/bent-json.ts';
import { goldenVectors } from '../../lending/schedules/golden-vectors.ts';
import { BadInput } from '../json-io.ts';
import { aprCommandOutput } from './apr.ts';
import { loanSimulateOutput } from './loan-simulate.ts';
import { scheduleCommandOutput } from './schedule.ts';

const COMMANDS = [
  { name: 'schedule', run: scheduleCommandOutput, inputs: goldenVectors('schedule').map((v) => v.input) },
  { name: 'apr', run: aprCommandOutput, inputs: goldenVectors('apr').map((v) => v.input) },
  { name: 'loan simulate', run: loanSimulateOutput, inputs: goldenVectors('servicing').map((v) => v.input) },
];

describe('the contract commands on bad input, generated', () => {
  it.each(COMMANDS)('lendcore $name answers or refuses with a stable code, never another exception', ({ run, inputs }) => {
    fc.assert(
      fc.property(fc.nat(), mutations, (pick, edits) => {
        const input = bend(inputs[pick % inputs.length], edits);
        try {
          JSON.stringify(run(input));
        } catch (error) {
          expect(error, `${JSON.stringify(input)}: ${String(error)}`).toBeInstanceOf(BadInput);
          expect((error as BadInput).code).toMatch(/^[a-z][a-z0-9_]*$/);
        }
      }),
      { numRuns: Number(process.env.BAD_INPUT_RUNS ?? 300) },
    );
  });
});
