import { describe, expect, it } from 'vitest';
import { limits } from '../../kernel/limits.ts';
import { badLabels, datasetColumn, parseCsvTable } from './csv-dataset.ts';

describe('CSV tables', () => {
  it.each([
    { case: 'a ragged row', text: 'a,b,y\n1,2,0\n3,4\n', code: 'csv_malformed' },
    { case: 'a row with an extra cell', text: 'a,b,y\n1,2,0\n3,4,1,9\n', code: 'csv_malformed' },
    { case: 'an unclosed quote', text: 'a,b,y\n"1,2,0\n3,4,1\n', code: 'csv_malformed' },
    { case: 'text after a closing quote', text: 'a,b,y\n"1"x,2,0\n', code: 'csv_malformed' },
    { case: 'no text at all', text: '', code: 'csv_empty' },
    { case: 'a header and no data', text: 'a,b,y\n', code: 'csv_empty' },
    { case: 'a column named twice', text: 'a,a,y\n1,2,0\n', code: 'csv_duplicate_column' },
  ])('refuses $case with $code', ({ text, code }) => {
    expect(parseCsvTable(text)).toMatchObject({ ok: false, code });
  });

  it('reads quoted cells, a byte-order mark, CRLF line ends and blank lines', () => {
    const table = parseCsvTable('\uFEFFname,y\r\n"Smith, J.",1\r\n\r\n"say ""hi""",0\r\n');
    expect(table).toEqual({ ok: true, value: { header: ['name', 'y'], rows: [['Smith, J.', '1'], ['say "hi"', '0']] } });
  });

  it(`refuses more than limits.scorecardRowsMax (${limits.scorecardRowsMax}) rows or scorecardColumnsMax (${limits.scorecardColumnsMax}) columns`, () => {
    const bounds = { rowsMax: 3, columnsMax: 2 };
    expect(parseCsvTable('a,y\n1,0\n2,1\n3,0\n', bounds).ok).toBe(true);
    expect(parseCsvTable('a,y\n1,0\n2,1\n3,0\n4,1\n', bounds)).toMatchObject({ ok: false, code: 'csv_too_large' });
    expect(parseCsvTable('a,b,y\n1,2,0\n', bounds)).toMatchObject({ ok: false, code: 'csv_too_large' });
    const wide = `${Array.from({ length: limits.scorecardColumnsMax + 1 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(limits.scorecardColumnsMax)}1\n`;
    expect(parseCsvTable(wide)).toMatchObject({ ok: false, code: 'csv_too_large' });
  });

  it('types a column numeric when every non-blank cell is a number, exponent form included', () => {
    const table = parseCsvTable('limit,grade,mixed\n5e+05,A,1\n20000,B,x\n,A,2\n-1.5E-3,,3\n');
    if (!table.ok) throw new Error(table.code);
    const limit = datasetColumn(table.value, 0);
    expect(limit.kind).toBe('numeric');
    expect(Array.from(limit.values as Float64Array)).toEqual([500_000, 20_000, Number.NaN, -0.0015]);
    expect(datasetColumn(table.value, 1)).toEqual({ name: 'grade', kind: 'categorical', values: ['A', 'B', 'A', ''] });
    expect(datasetColumn(table.value, 2).kind).toBe('categorical');
  });
});

describe('labels', () => {
  const table = (text: string) => {
    const parsed = parseCsvTable(text);
    if (!parsed.ok) throw new Error(parsed.code);
    return parsed.value;
  };

  it('marks the rows whose target is the bad value, comparing numbers as numbers', () => {
    expect(badLabels(table('x,y\n1,1\n2,0\n3,1.0\n'), 'y', '1')).toEqual({ ok: true, value: Uint8Array.from([1, 0, 1]) });
    expect(badLabels(table('x,y\n1,bad\n2,good\n'), 'y', 'bad')).toEqual({ ok: true, value: Uint8Array.from([1, 0]) });
  });

  it.each([
    { case: 'no such column', text: 'x,y\n1,1\n2,0\n', target: 'z', bad: '1', code: 'target_column_missing', param: 'target' },
    { case: 'only bads', text: 'x,y\n1,1\n2,1\n', target: 'y', bad: '1', code: 'target_one_class', param: 'bad' },
    { case: 'no bads', text: 'x,y\n1,0\n2,0\n', target: 'y', bad: '1', code: 'target_one_class', param: 'bad' },
    { case: 'a blank target', text: 'x,y\n1,0\n2,\n', target: 'y', bad: '1', code: 'target_value_missing', param: 'target' },
  ])('refuses $case with $code', ({ text, target, bad, code, param }) => {
    expect(badLabels(table(text), target, bad)).toMatchObject({ ok: false, code, param });
  });
});
