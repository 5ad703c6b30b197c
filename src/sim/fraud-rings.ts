/**
 * Fraud rings: a handful of organised groups whose members apply within a few days of each other
 * from the same one or two devices, give the same organiser as a contact and share bank cards. Each
 * member is a real-looking identity (the population gives it an ID number and phone); what gives the
 * ring away is what the members share, which is what the risk engine's identity graph and velocity
 * rules look at (SHARED_DEVICE, DEVICE_VELOCITY, LARGE_IDENTITY_RING, FRAUD_RING). Pure given the seed.
 */
import type { Random } from '../kernel/random.ts';
import type { ApplicantSignals } from '../lending/origination/decision-port.ts';

export interface RingMember {
  /** Days after the ring's first day that this member applies. */
  readonly dayOffset: number;
  readonly signals: ApplicantSignals;
}

export interface FraudRing {
  readonly id: number;
  readonly firstDay: number;
  readonly members: readonly RingMember[];
}

/** Reason codes that mean the risk engine saw fraud (graph, velocity, lists). */
export const FRAUD_REASONS: ReadonlySet<string> = new Set([
  'SHARED_DEVICE',
  'FRAUD_RING',
  'LARGE_IDENTITY_RING',
  'LINKED_TO_BAD_CUSTOMER',
  'DEVICE_VELOCITY',
  'PHONE_VELOCITY',
  'CARD_VELOCITY',
  'IP_BURST',
  'MULTI_APPLY_DAY',
  'MULTI_LENDING_MONTH',
  'BLACKLISTED',
  'GREYLISTED',
]);

export function isFraudReason(reason: string): boolean {
  return FRAUD_REASONS.has(reason) || reason.endsWith('_VELOCITY');
}

export function drawRings(random: Random, count: number, days: number): FraudRing[] {
  return Array.from({ length: count }, (_, id) => {
    const size = random.int(5, 12);
    const devices = Array.from({ length: random.int(1, 2) }, (_, d) => `ring${id}-dev${d}-${random.int(0, 1e9).toString(36)}`);
    const organiser = `18${String(random.int(0, 999_999_999)).padStart(9, '0')}`;
    const cards = Array.from({ length: random.int(1, 3) }, () => `62${String(random.int(0, 1e9)).padStart(10, '0')}${random.int(1000, 9999)}`);
    return {
      id,
      firstDay: random.int(0, Math.max(0, Math.floor(days * 0.7))),
      members: Array.from({ length: size }, () => ({
        dayOffset: random.int(0, 2),
        signals: { deviceId: random.pick(devices), bankCard: random.pick(cards), contacts: [organiser] },
      })),
    };
  });
}
