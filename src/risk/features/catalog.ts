/**
 * The built-in features every strategy may use, and their fixed slots in the feature vector. The
 * engine computes them once per application (shared by champion, challenger and shadows); a compiled
 * strategy appends its declared inputs and derived features after them.
 * Invariants: every built-in is a number (or missing); slots never move once assigned, so the
 * velocity and graph blocks can be written by index without a lookup.
 */
import { VELOCITY_WINDOWS } from '../velocity/velocity-index.ts';
import type { FeatureType } from '../strategy/document.ts';

/** Identifier types counted by velocity (an address is too coarse to count applications by). */
export const VELOCITY_TYPES = ['idNumber', 'phone', 'deviceId', 'ip', 'bankCard'] as const;

export const APPLICATION_FEATURES = ['requestedAmountMinor', 'monthlyIncomeMinor', 'termMonths', 'age'] as const;
export const HISTORY_FEATURES = ['history.openLoans', 'history.utilization', 'history.worstDaysPastDue', 'history.writtenOff'] as const;
export const GRAPH_FEATURES = [
  'graph.componentPeople',
  'graph.componentApplications',
  'graph.deviceIdNumbers',
  'graph.blacklistedLinks',
  'graph.writtenOffLinks',
] as const;
export const LIST_FEATURES = ['list.black', 'list.grey', 'list.white'] as const;

const VELOCITY_FEATURES = VELOCITY_TYPES.flatMap((type) => VELOCITY_WINDOWS.map((window) => `velocity.${type}.${window}`));

export const BUILTIN_FEATURES: readonly string[] = [
  ...APPLICATION_FEATURES,
  ...HISTORY_FEATURES,
  ...VELOCITY_FEATURES,
  ...GRAPH_FEATURES,
  ...LIST_FEATURES,
];

export const BUILTIN_SLOT: ReadonlyMap<string, number> = new Map(BUILTIN_FEATURES.map((name, slot) => [name, slot]));

export function builtinSlot(name: string): number {
  const slot = BUILTIN_SLOT.get(name);
  if (slot === undefined) throw new Error(`no built-in feature ${name}`);
  return slot;
}

/** First slot of each block, for the feature computation that fills them. */
export const SLOTS = {
  application: builtinSlot(APPLICATION_FEATURES[0]),
  history: builtinSlot(HISTORY_FEATURES[0]),
  velocity: builtinSlot(VELOCITY_FEATURES[0] as string),
  graph: builtinSlot(GRAPH_FEATURES[0]),
  list: builtinSlot(LIST_FEATURES[0]),
} as const;

export const BUILTIN_TYPE: FeatureType = 'number';
