/**
 * `lendcore risk train | evaluate | psi`: scorecard training, evaluation and score stability from
 * CSV files (../shared/CONTRACTS.md). The commands only read files, call the pure functions in
 * src/risk/scorecard and print one JSON document; every bad input (a missing or malformed file or
 * option, an unusable target) prints a JSON error with exit status 2 and writes nothing — `train`
 * writes its scorecard only once everything succeeded, through a temporary file renamed into place.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Result } from '../../kernel/result.ts';
import { parseCsvTable, type CsvTable } from '../../risk/scorecard/csv-dataset.ts';
import { evaluateScorecard, scoreTable } from '../../risk/scorecard/evaluate.ts';
import type { Scorecard } from '../../risk/scorecard/model.ts';
import { populationStability } from '../../risk/scorecard/psi.ts';
import { defaultScaling } from '../../risk/scorecard/scaling.ts';
import { parseScorecard } from '../../risk/scorecard/scorecard-schema.ts';
import { DEFAULT_MIN_IV, trainScorecard } from '../../risk/scorecard/train.ts';
import { BadInput, runJsonCommand } from '../json-io.ts';

interface TrainFlags {
  data?: string;
  target?: string;
  bad?: string;
  exclude?: string;
  out?: string;
  basePoints?: string;
  baseOdds?: string;
  pdo?: string;
  minIv?: string;
}

interface EvaluateFlags {
  scorecard?: string;
  data?: string;
  target?: string;
  bad?: string;
}

interface PsiFlags {
  scorecard?: string;
  expected?: string;
  actual?: string;
}

/** Adds the scorecard subcommands to the `risk` command group. */
export function registerRiskScorecardCommands(risk: Command): void {
  risk
    .command('train')
    .description('train a scorecard from a labelled CSV and write it as JSON')
    .option('--data <file>', 'training CSV with a header row')
    .option('--target <column>', 'the label column')
    .option('--bad <value>', 'the label value that marks a bad outcome')
    .option('--exclude <columns>', 'comma-separated columns not to use as features')
    .option('--out <file>', 'where to write the scorecard JSON')
    .option('--base-points <points>', `score at the base odds (default ${defaultScaling.basePoints})`)
    .option('--base-odds <odds>', `good:bad odds at the base points (default ${defaultScaling.baseOdds})`)
    .option('--pdo <points>', `points to double the odds (default ${defaultScaling.pdo})`)
    .option('--min-iv <iv>', `drop features with a lower information value (default ${DEFAULT_MIN_IV})`)
    .action((flags: TrainFlags) => runJsonCommand(() => train(flags)));

  risk
    .command('evaluate')
    .description('score a labelled CSV with a scorecard and report AUC, KS and Gini')
    .option('--scorecard <file>', 'scorecard JSON written by `risk train`')
    .option('--data <file>', 'labelled CSV with a header row')
    .option('--target <column>', "the label column (default: the scorecard's)")
    .option('--bad <value>', "the label value that marks a bad outcome (default: the scorecard's)")
    .action((flags: EvaluateFlags) => runJsonCommand(() => evaluate(flags)));

  risk
    .command('psi')
    .description('population stability index of the scores of two CSVs (expected, e.g. training, and actual)')
    .option('--scorecard <file>', 'scorecard JSON written by `risk train`')
    .option('--expected <file>', 'CSV of the reference population')
    .option('--actual <file>', 'CSV of the population to compare')
    .action((flags: PsiFlags) => runJsonCommand(() => stability(flags)));
}

function train(flags: TrainFlags): unknown {
  const dataFile = required(flags.data, 'data');
  const target = required(flags.target, 'target');
  const bad = required(flags.bad, 'bad');
  const out = required(flags.out, 'out');
  const scaling = {
    basePoints: numberFlag(flags.basePoints, 'base-points', defaultScaling.basePoints, () => true),
    baseOdds: numberFlag(flags.baseOdds, 'base-odds', defaultScaling.baseOdds, (v) => v > 0),
    pdo: numberFlag(flags.pdo, 'pdo', defaultScaling.pdo, (v) => v > 0),
  };
  const minIv = numberFlag(flags.minIv, 'min-iv', DEFAULT_MIN_IV, (v) => v >= 0);
  const exclude = flags.exclude === undefined ? [] : flags.exclude.split(',').map((c) => c.trim()).filter((c) => c !== '');
  const table = readTable(dataFile, 'data');
  const trained = unwrap(trainScorecard(table, { target: { column: target, bad }, exclude, scaling, minIv }), 'data');
  writeAtomically(out, `${JSON.stringify(trained.scorecard, null, 2)}\n`);
  return {
    features: trained.features,
    dropped: trained.dropped,
    train: trained.train,
    rows: table.rows.length,
    out,
  };
}

function evaluate(flags: EvaluateFlags): unknown {
  const card = readScorecard(required(flags.scorecard, 'scorecard'));
  const table = readTable(required(flags.data, 'data'), 'data');
  const target = { column: flags.target ?? card.target.column, bad: flags.bad ?? card.target.bad };
  return unwrap(evaluateScorecard(card, table, target), 'data');
}

function stability(flags: PsiFlags): unknown {
  const card = readScorecard(required(flags.scorecard, 'scorecard'));
  const expected = unwrap(scoreTable(card, readTable(required(flags.expected, 'expected'), 'expected')), 'expected');
  const actual = unwrap(scoreTable(card, readTable(required(flags.actual, 'actual'), 'actual')), 'actual');
  return { ...populationStability(expected, actual), expectedRows: expected.length, actualRows: actual.length };
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new BadInput('missing_option', `--${flag} is required`, flag);
  return value;
}

function numberFlag(text: string | undefined, flag: string, fallback: number, valid: (value: number) => boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) throw new BadInput('invalid_option', `--${flag} ${JSON.stringify(text)} is not a valid value`, flag);
  return value;
}

/** The value of a result, or a BadInput naming its param (the file's flag when the error names none). */
function unwrap<T>(result: Result<T, string>, flag: string): T {
  if (!result.ok) throw new BadInput(result.code, result.message ?? result.code, result.param ?? flag);
  return result.value;
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInput('input_unreadable', `cannot read ${file}: ${(error as Error).message}`, flag);
  }
}

function readTable(file: string, flag: string): CsvTable {
  return unwrap(parseCsvTable(readText(file, flag)), flag);
}

function readScorecard(file: string): Scorecard {
  let document: unknown;
  try {
    document = JSON.parse(readText(file, 'scorecard'));
  } catch (error) {
    if (error instanceof BadInput) throw error;
    throw new BadInput('invalid_json', `${file} is not JSON: ${(error as Error).message}`, 'scorecard');
  }
  return unwrap(parseScorecard(document), 'scorecard');
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new BadInput('output_unwritable', `cannot write ${file}: ${(error as Error).message}`, 'out');
  }
}
