/**
 * The synthetic borrowers of `lendcore demo`, shaped like the published ABS pools of Chinese consumer
 * credit (Baitiao, Huabei): mostly 20 to 40 years old with a mean near 30, modest incomes, a
 * repayment behaviour each (sim/behaviours.ts), and the day each first applies, spread over the
 * simulated period. Identity numbers are valid PRC resident IDs (region, birth date, sequence, ISO
 * 7064 check character) and phones are distinct, so the customers service takes every one. Fraud-ring
 * members (sim/fraud-rings.ts) are part of the population. Pure given the seed.
 */
import { addDays, type LocalDate } from '../kernel/local-date.ts';
import type { Random } from '../kernel/random.ts';
import { prcCheckCharacter } from '../lending/customers/id-number.ts';
import type { ApplicantSignals } from '../lending/origination/decision-port.ts';
import { drawBehaviour, type Behaviour } from './behaviours.ts';
import { clamp, logNormal, normal } from './distributions.ts';
import { drawRings, type FraudRing } from './fraud-rings.ts';

export interface Person {
  readonly customerId: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly birthOn: LocalDate;
  readonly monthlyIncomeYuan: number;
  /** Whether the application states the income (an application without one is declined). */
  readonly statesIncome: boolean;
  /** The credit limit asked for, in whole yuan. */
  readonly requestedLimitYuan: number;
  /** Index of the simulated day the person first applies. */
  readonly arrivalDay: number;
  readonly behaviour: Behaviour;
  /** For a defaulter: installments paid before stopping. */
  readonly paidBeforeDefault: number;
  readonly signals: ApplicantSignals;
  /** The fraud ring the person belongs to, or null. */
  readonly ringId: number | null;
  /** Expected purchases a day once the line is open. */
  readonly purchasesPerDay: number;
  /** Also applies for the cash loan. */
  readonly wantsCashLoan: boolean;
}

export interface Population {
  readonly people: readonly Person[];
  readonly rings: readonly FraudRing[];
}

/** Regions of the identity numbers (district codes of large cities). */
const REGIONS = ['110105', '310115', '440305', '330106', '510107', '420106', '320102', '500103'];
/** About one ring per this many customers. */
const CUSTOMERS_PER_RING = 1_500;
/** New customers arrive over this share of the period, so the last weeks still season the book. */
const ARRIVAL_SHARE = 0.85;

/** A person's phone: 13 and nine digits, a bijection of the index (7919 is prime to 10^9). */
export function phoneOf(index: number): string {
  return `13${String((index * 7919 + 104_729) % 1_000_000_000).padStart(9, '0')}`;
}

function idNumberFor(region: string, birthOn: LocalDate, sequence: number): string {
  const first17 = `${region}${birthOn.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + prcCheckCharacter(first17);
}

export function drawPopulation(random: Random, options: { customers: number; days: number; startOn: LocalDate }): Population {
  const rings = drawRings(random, Math.max(1, Math.round(options.customers / CUSTOMERS_PER_RING)), options.days);
  const ringSeats = rings.flatMap((ring) => ring.members.map((member) => ({ ring, member })));
  const ringOfIndex = new Map<number, (typeof ringSeats)[number]>();
  // Ring members take evenly spaced places in the population, so customer ids do not give them away.
  const stride = Math.max(1, Math.floor(options.customers / Math.max(1, ringSeats.length)));
  ringSeats.forEach((seat, k) => ringOfIndex.set(Math.min(options.customers - 1, k * stride + random.int(0, stride - 1)), seat));
  const usedIds = new Set<string>();
  const people: Person[] = [];
  for (let index = 0; index < options.customers; index++) {
    const seat = ringOfIndex.get(index);
    const age = seat ? random.int(20, 34) : Math.round(clamp(normal(random, 30, 6.5), 18, 58));
    const birthOn = addDays(options.startOn, -(age * 365 + random.int(0, 364)));
    let idNumber = idNumberFor(random.pick(REGIONS), birthOn, 1 + (index % 999));
    while (usedIds.has(idNumber)) idNumber = idNumberFor(random.pick(REGIONS), birthOn, random.int(1, 999));
    usedIds.add(idNumber);
    const behaviour = seat ? 'fraud' : drawBehaviour(random);
    const monthlyIncomeYuan = Math.round(seat ? random.int(8_000, 15_000) : clamp(logNormal(random, 6_000, 0.7), 1_500, 80_000));
    // Most ask for two or three months' income; a tail asks for far more than the income carries.
    const requestedLimitYuan = seat ? 10_000 : Math.round(clamp(monthlyIncomeYuan * logNormal(random, 2.5, 0.9), 1_000, 30_000) / 100) * 100;
    people.push({
      customerId: `c${String(index + 1).padStart(7, '0')}`,
      idNumber,
      phone: phoneOf(index),
      birthOn,
      // Ring members claim comfortable incomes to get larger limits.
      monthlyIncomeYuan,
      statesIncome: seat !== undefined || random.chance(0.96),
      requestedLimitYuan,
      arrivalDay: seat ? seat.ring.firstDay + seat.member.dayOffset : Math.floor(random.next() * options.days * ARRIVAL_SHARE),
      behaviour,
      paidBeforeDefault: random.int(0, 3),
      signals: seat
        ? seat.member.signals
        : { deviceId: `dv-${index.toString(36)}-${random.int(0, 1e9).toString(36)}`, bankCard: `62${String(index).padStart(10, '0')}${random.int(1000, 9999)}`, contacts: [`15${String(random.int(0, 999_999_999)).padStart(9, '0')}`] },
      ringId: seat ? seat.ring.id : null,
      purchasesPerDay: seat ? 0.5 : clamp(logNormal(random, 1 / 60, 0.6), 1 / 365, 1 / 7),
      wantsCashLoan: seat ? true : random.chance(0.12),
    });
  }
  return { people, rings };
}
