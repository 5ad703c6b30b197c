import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.ts';

describe('arrayLiteral', () => {
  it('quotes text, escapes quotes and backslashes, and writes nulls, numbers and booleans bare', () => {
    expect(arrayLiteral(['a', 'NULL', 'x y', 'a,b', '{}', 'q"q', 'b\\s', null, undefined])).toBe('{"a","NULL","x y","a,b","{}","q\\"q","b\\\\s",NULL,NULL}');
    expect(arrayLiteral([1n, -9223372036854775808n, 0, 2.5, true, false])).toBe('{1,-9223372036854775808,0,2.5,true,false}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('leaves nested arrays, objects, buffers and non-finite numbers to pg', () => {
    expect(arrayLiteral([['a']])).toBeNull();
    expect(arrayLiteral([{ a: 1 }])).toBeNull();
    expect(arrayLiteral([Buffer.from('a')])).toBeNull();
    expect(arrayLiteral([Number.NaN])).toBeNull();
  });

  it('reads back as the same strings under PostgreSQL array-literal rules', () => {
    // A reader of the literal's grammar for quoted elements and NULL, as PostgreSQL's array_in.
    const read = (literal: string): (string | null)[] => {
      const out: (string | null)[] = [];
      let i = 1;
      while (literal[i] !== '}') {
        if (literal[i] === '"') {
          let s = '';
          for (i++; literal[i] !== '"'; i++) s += literal[i] === '\\' ? literal[++i] : literal[i];
          out.push(s);
          i++;
        } else {
          i += 4;
          out.push(null);
        }
        if (literal[i] === ',') i++;
      }
      return out;
    };
    fc.assert(fc.property(fc.array(fc.option(fc.string({ unit: 'binary' }), { nil: null })), (values) => {
      expect(read(arrayLiteral(values) as string)).toEqual(values);
    }));
  });
});
