import { describe, expect, it } from 'vitest';
import { divergenceTerms, informationValue, weightsOfEvidence } from './woe.ts';

describe('weight of evidence and information value', () => {
  // Hand-computed: 100 goods and 100 bads in three bins.
  //   bin  good bad  good%  bad%  WoE = ln(good%/bad%)   (good%-bad%)·WoE
  //   1    40   10   0.40   0.10  ln 4   =  1.386294     0.415888
  //   2    30   20   0.30   0.20  ln 1.5 =  0.405465     0.040547
  //   3    30   70   0.30   0.70  ln 3/7 = -0.847298     0.338919
  //                                               IV =    0.795354
  const table = [
    { good: 40, bad: 10 },
    { good: 30, bad: 20 },
    { good: 30, bad: 70 },
  ];

  it('matches the hand-computed table without smoothing', () => {
    const woes = weightsOfEvidence(table, 0);
    expect(woes[0]).toBeCloseTo(1.386294, 6);
    expect(woes[1]).toBeCloseTo(0.405465, 6);
    expect(woes[2]).toBeCloseTo(-0.847298, 6);
    expect(informationValue(table, 0)).toBeCloseTo(0.795354, 6);
  });

  it('keeps an empty cell finite by adding half a row to every cell', () => {
    // 10 goods and no bads, then 90 goods and 100 bads. Smoothed shares over 101 (100 + 2 × 0.5):
    // WoE 1 = ln((10.5/101)/(0.5/101)) = ln 21 = 3.044522; WoE 2 = ln(90.5/100.5) = -0.104808;
    // IV = (10/101)·ln 21 + (10/101)·ln(100.5/90.5) = 0.311815.
    const bins = [
      { good: 10, bad: 0 },
      { good: 90, bad: 100 },
    ];
    const woes = weightsOfEvidence(bins);
    expect(woes[0]).toBeCloseTo(3.044522, 6);
    expect(woes[1]).toBeCloseTo(-0.104808, 6);
    expect(informationValue(bins)).toBeCloseTo(0.311815, 6);
  });

  it('gives zero WoE and IV when goods and bads are spread alike', () => {
    const bins = [
      { good: 20, bad: 2 },
      { good: 80, bad: 8 },
    ];
    for (const woe of weightsOfEvidence(bins, 0)) expect(woe).toBeCloseTo(0, 12);
    expect(informationValue(bins, 0)).toBeCloseTo(0, 12);
  });

  it('divergence terms are never negative', () => {
    for (const term of divergenceTerms([5, 0, 7, 100], [1, 9, 0, 50])) expect(term).toBeGreaterThanOrEqual(0);
  });
});
