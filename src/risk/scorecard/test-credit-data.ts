/**
 * Test support: the public credit datasets in the shared product folder (../shared/data, see its
 * README) and the held-out split the quality tests use: rows whose zero-based index mod 10 is below 7
 * train, the others test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFolder } from '../../../test/shared-folder.ts';
import type { CsvTable } from './csv-dataset.ts';

export interface CreditDataset {
  readonly file: string;
  readonly target: string;
  readonly bad: string;
  readonly exclude: readonly string[];
}

export const german: CreditDataset = { file: 'german_credit.csv', target: 'creditability', bad: 'bad', exclude: [] };
export const taiwan: CreditDataset = { file: 'taiwan_default.csv', target: 'fraud', bad: '1', exclude: ['ID'] };

export function creditDataPath(dataset: CreditDataset): string {
  return join(sharedFolder(), 'data', dataset.file);
}

export function isTrainingRow(index: number): boolean {
  return index % 10 < 7;
}

/** The table's rows split into the training rows and the held-out rows. */
export function splitTable(table: CsvTable): { readonly train: CsvTable; readonly test: CsvTable } {
  return {
    train: { header: table.header, rows: table.rows.filter((_, i) => isTrainingRow(i)) },
    test: { header: table.header, rows: table.rows.filter((_, i) => !isTrainingRow(i)) },
  };
}

/** The same split of the file's text, for the CLI (these files have no line breaks inside cells). */
export function splitCsvText(dataset: CreditDataset): { readonly train: string; readonly test: string } {
  const [header, ...lines] = readFileSync(creditDataPath(dataset), 'utf8').split(/\r?\n/).filter((line) => line !== '');
  const part = (wanted: boolean): string => `${[header, ...lines.filter((_, i) => isTrainingRow(i) === wanted)].join('\n')}\n`;
  return { train: part(true), test: part(false) };
}
