/** The synthetic population: valid and distinct identities, an ABS-like age profile, rings inside it, the same people for the same seed. */
import { describe, expect, it } from 'vitest';
import { localDate } from '../kernel/local-date.ts';
import { seededRandom } from '../kernel/random.ts';
import { parseIdNumber } from '../lending/customers/id-number.ts';
import { ageOn } from '../lending/origination/decision-port.ts';
import { drawPopulation } from './population.ts';

const startOn = localDate('2026-01-01');
const draw = (seed: number) => drawPopulation(seededRandom(seed), { customers: 3_000, days: 180, startOn });

describe('drawPopulation', () => {
  const { people, rings } = draw(5);

  it('gives every person a valid PRC resident ID matching the birth date, and distinct IDs and phones', () => {
    for (const p of people) {
      const parsed = parseIdNumber('prcResidentId', p.idNumber);
      expect(parsed.ok && parsed.value.birthOn).toBe(p.birthOn);
    }
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
  });

  it('is mostly 20 to 40 years old with a mean near 30', () => {
    const ages = people.map((p) => ageOn(p.birthOn, startOn));
    const mean = ages.reduce((s, a) => s + a, 0) / ages.length;
    expect(mean).toBeGreaterThan(28);
    expect(mean).toBeLessThan(32);
    expect(ages.filter((a) => a >= 20 && a <= 40).length / ages.length).toBeGreaterThan(0.85);
  });

  it('places every ring member in the population, applying within the period', () => {
    const members = people.filter((p) => p.ringId !== null);
    expect(members.length).toBe(rings.reduce((s, r) => s + r.members.length, 0));
    expect(members.every((p) => p.behaviour === 'fraud' && p.arrivalDay < 180)).toBe(true);
    expect(people.every((p) => p.arrivalDay >= 0 && p.arrivalDay < 180)).toBe(true);
  });

  it('draws the same people for the same seed', () => {
    expect(draw(5)).toEqual({ people, rings });
  });
});
