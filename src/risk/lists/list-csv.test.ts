import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseListCsv, splitPlainCsv } from './list-csv.ts';

const field = fc.stringMatching(/^[ \tA-Za-z0-9+\-.:]{0,12}$/);

describe('splitPlainCsv', () => {
  it('reads a quote-free file exactly as csv-parse does', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(field, { minLength: 4, maxLength: 4 }), { maxLength: 30 }), fc.boolean(), (width, lines, crlf) => {
      const text = lines.map((l) => l.slice(0, width).join(',')).join(crlf ? '\r\n' : '\n');
      const expected = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false });
      const records = splitPlainCsv(text);
      // A line of blanks in a one-column file is a blank line to both readers.
      expect(records).toEqual(expected);
    }));
  });

  it('leaves quoted fields, lone carriage returns and ragged rows to the full parser', () => {
    expect(splitPlainCsv('type,value\nphone,"1,2"\n')).toBeNull();
    expect(splitPlainCsv('type,value\rphone,1\r')).toBeNull();
    expect(splitPlainCsv('type,value\nphone\n')).toBeNull();
  });
});

describe('parseListCsv', () => {
  it('names the row and column of the first problem, on either path', () => {
    expect(parseListCsv('type,value\nphone,138\nfax,1\n')).toMatchObject({ ok: false, code: 'invalid_csv', param: 'type', message: expect.stringContaining('row 2') });
    expect(parseListCsv('type,value\nphone,"138"\nphone," "\n')).toMatchObject({ ok: false, code: 'invalid_csv', param: 'value', message: expect.stringContaining('row 2') });
    expect(parseListCsv('type,value\nphone,138\nphone\n')).toMatchObject({ ok: false, code: 'invalid_csv' });
  });

  it('normalises values the same way on both paths', () => {
    const plain = parseListCsv('type,value,reason\nphone,+86 138-0013-8000,fraud\n');
    const quoted = parseListCsv('type,value,reason\nphone,"+86 138-0013-8000",fraud\n');
    expect(plain).toEqual(quoted);
    expect(plain).toMatchObject({ ok: true, value: { types: ['phone'], values: ['13800138000'], reasons: ['fraud'] } });
  });
});
