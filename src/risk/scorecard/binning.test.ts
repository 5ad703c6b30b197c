import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../kernel/random.ts';
import { binCategorical, binNumeric, type BinningOptions } from './binning.ts';
import { groupOf } from './quantiles.ts';
import { weightsOfEvidence } from './woe.ts';

const options: BinningOptions = { fineClasses: 10, maxBins: 6, minBinShare: 0.05, categoriesMax: 50 };

/** Rows of (value or missing, bad), with a bad rate that follows `shape` of the value. */
const labelledValues = fc
  .record({
    shape: fc.constantFrom('rising', 'falling', 'valley', 'noise'),
    rows: fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 60 }), { freq: 10 }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 20,
      maxLength: 400,
    }),
  })
  .map(({ shape, rows }) => {
    const rate = (x: number): number =>
      shape === 'rising' ? x / 60 : shape === 'falling' ? 1 - x / 60 : shape === 'valley' ? Math.abs(x - 30) / 30 : 0.3;
    return {
      values: Float64Array.from(rows, ([x]) => x ?? Number.NaN),
      bad: Uint8Array.from(rows, ([x, u]) => (x !== null && u < rate(x) ? 1 : 0)),
    };
  });

describe('numeric binning', () => {
  it('makes WoE strictly monotonic across the bins whenever it imposes a trend', () => {
    fc.assert(
      fc.property(labelledValues, ({ values, bad }) => {
        const binning = binNumeric(values, bad, options);
        if (binning.trend === 'none') return;
        const woes = weightsOfEvidence(binning.counts);
        for (let i = 0; i + 1 < woes.length; i++) {
          const step = (woes[i + 1] as number) - (woes[i] as number);
          if (binning.trend === 'ascending') expect(step).toBeGreaterThan(0);
          else expect(step).toBeLessThan(0);
        }
      }),
    );
  });

  it('partitions the rows into contiguous ranges by `value < upper`, within the size and count bounds', () => {
    fc.assert(
      fc.property(labelledValues, ({ values, bad }) => {
        const binning = binNumeric(values, bad, options);
        const { uppers, counts } = binning;
        expect(counts).toHaveLength(uppers.length + 1);
        for (let i = 0; i + 1 < uppers.length; i++) expect(uppers[i + 1]).toBeGreaterThan(uppers[i] as number);
        expect(counts.length).toBeLessThanOrEqual(options.maxBins);
        const recount = counts.map(() => ({ good: 0, bad: 0 }));
        const missing = { good: 0, bad: 0 };
        values.forEach((value, i) => {
          const cell = Number.isNaN(value) ? missing : (recount[groupOf(uppers, value)] as { good: number; bad: number });
          if (bad[i]) cell.bad++;
          else cell.good++;
        });
        expect(counts).toEqual(recount);
        expect(binning.missing).toEqual(missing);
        const present = values.filter((v) => !Number.isNaN(v)).length;
        if (counts.length > 1) for (const c of counts) expect(c.good + c.bad).toBeGreaterThanOrEqual(Math.ceil(options.minBinShare * present));
      }),
    );
  });

  it('imposes a trend the data follow and drops it for a shape they clearly contradict', () => {
    const random = seededRandom(3);
    const values = Float64Array.from({ length: 20_000 }, () => random.int(0, 99));
    const rising = Uint8Array.from(values, (x) => (random.chance(0.05 + x / 200) ? 1 : 0));
    const valley = Uint8Array.from(values, (x) => (random.chance(0.05 + Math.abs(x - 50) / 100) ? 1 : 0));
    // More bads at higher values means WoE falls as the value grows.
    expect(binNumeric(values, rising, options).trend).toBe('descending');
    expect(binNumeric(values, valley, options).trend).toBe('none');
  });

  it('gives each distinct value its own fine class when there are few, such as status codes', () => {
    const values = Float64Array.from({ length: 1_000 }, (_, i) => (i % 4) - 2); // −2, −1, 0, 1
    const bad = Uint8Array.from(values, (x, i) => (x === -2 || (x === 1 && i % 3 === 0) ? 1 : 0));
    const binning = binNumeric(values, bad, { ...options, maxBins: 10 });
    expect(binning.uppers).toEqual([-1, 0, 1]);
    expect(binning.trend).toBe('none');
  });
});

describe('categorical binning', () => {
  it('keeps common categories apart and pools the rare ones, which also stand for unseen categories', () => {
    const values = [...Array(50).fill('a'), ...Array(40).fill('b'), ...Array(6).fill('c'), 'd', 'e', 'f', 'g'];
    const bad = Uint8Array.from(values, (v, i) => (v === 'a' ? i % 2 : v === 'b' ? i % 5 === 0 ? 1 : 0 : 1));
    const binned = binCategorical(values, bad, { ...options, minBinShare: 0.05 });
    expect(binned.ok).toBe(true);
    if (!binned.ok) return;
    const { groups, counts, rareGroup } = binned.value;
    expect(groups.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(groups).toContainEqual(['a']);
    expect(groups).toContainEqual(['b']);
    expect(rareGroup).not.toBeNull();
    expect(groups[rareGroup as number]).toEqual(['c', 'd', 'e', 'f', 'g']);
    expect(counts.reduce((n, c) => n + c.good + c.bad, 0)).toBe(values.length);
  });

  it('joins a pool too small to stand alone to the group with the closest odds', () => {
    const values = [...Array(60).fill('a'), ...Array(38).fill('b'), 'x', 'y'];
    const bad = Uint8Array.from(values, (v, i) => (v === 'a' ? (i % 10 === 0 ? 1 : 0) : v === 'b' ? 1 : 1));
    const binned = binCategorical(values, bad, { ...options, minBinShare: 0.05 });
    if (!binned.ok) throw new Error(binned.code);
    expect(binned.value.groups).toHaveLength(2);
    expect(binned.value.groups[binned.value.rareGroup as number]).toEqual(['b', 'x', 'y']);
  });

  it('refuses a column with more distinct values than categoriesMax', () => {
    const values = Array.from({ length: 100 }, (_, i) => `id-${i}`);
    const result = binCategorical(values, new Uint8Array(100), { ...options, categoriesMax: 99 });
    expect(result).toMatchObject({ ok: false, code: 'too_many_categories' });
  });
});
