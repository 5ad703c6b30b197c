/**
 * Turns one application into the built-in feature vector, using and then updating a tenant's
 * in-memory indexes: velocity counts the applications *before* this one; the identity graph links
 * this application first, so its component includes the applicant; the lists are looked up with one
 * fingerprint per identifier shared by all three lists.
 * Invariants: every application observed is recorded exactly once in velocity and graph (the caller
 * observes each application id once); "links" to blacklisted or written-off people exclude the
 * applicant themself.
 */
import { epochMs } from '../../kernel/instant.ts';
import { IdentityGraph } from '../graph/identity-graph.ts';
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_INDEX, type IdentifierType } from '../identifiers.ts';
import { fingerprintInto, type Fingerprint } from '../lists/fingerprint.ts';
import { ListIndex, LIST_KINDS } from '../lists/list-index.ts';
import type { FeatureValue } from '../strategy/document.ts';
import { VELOCITY_WINDOWS, VelocityIndex } from '../velocity/velocity-index.ts';
import type { NormalisedIdentity, RiskApplication } from './application.ts';
import { BUILTIN_FEATURES, SLOTS, VELOCITY_TYPES } from './catalog.ts';
import type { CustomerHistory } from './history.ts';

/** One tenant's indexes: velocity, identity graph, and lists. */
export interface TenantIndexes {
  readonly velocity: VelocityIndex;
  readonly graph: IdentityGraph;
  readonly lists: ListIndex;
}

export function createTenantIndexes(lists: ListIndex = new ListIndex()): TenantIndexes {
  return { velocity: new VelocityIndex(), graph: new IdentityGraph(), lists };
}

export interface ObservedFeatures {
  readonly builtins: FeatureValue[];
  /** Per list (black, grey, white): a bit per identifier type found on it. */
  readonly listHitMasks: number[];
}

const LINKED_TYPES = ['phone', 'deviceId', 'ip', 'bankCard', 'address'] as const;

export function identifierKey(type: IdentifierType, value: string): string {
  return `${type}:${value}`;
}

/** The identity-graph keys of an application: its identifiers, and its contacts as phones. */
export function linkKeysOf(identity: NormalisedIdentity): string[] {
  const keys: string[] = [];
  for (const type of LINKED_TYPES) {
    const value = identity[type];
    if (value !== undefined) keys.push(identifierKey(type, value));
  }
  for (const contact of identity.contacts) keys.push(identifierKey('phone', contact));
  return keys;
}

/** Records an application in velocity and graph without computing features (used when replaying). */
export function recordApplication(indexes: TenantIndexes, identity: NormalisedIdentity, appliedAtMs: number): void {
  for (const type of VELOCITY_TYPES) {
    const value = identity[type];
    if (value !== undefined) indexes.velocity.record(identifierKey(type, value), appliedAtMs);
  }
  indexes.graph.addApplication(identity.idNumber, linkKeysOf(identity));
}

const scratch: Fingerprint = { hi: 0, lo: 0 };

export function observeApplication(
  indexes: TenantIndexes,
  app: RiskApplication,
  identity: NormalisedIdentity,
  history: CustomerHistory | null,
): ObservedFeatures {
  const v: FeatureValue[] = new Array<FeatureValue>(BUILTIN_FEATURES.length);
  const atMs = epochMs(app.appliedAt);

  v[SLOTS.application] = Number(app.requestedAmountMinor);
  v[SLOTS.application + 1] = app.monthlyIncomeMinor === null ? null : Number(app.monthlyIncomeMinor);
  v[SLOTS.application + 2] = app.termMonths;
  v[SLOTS.application + 3] = app.age;

  v[SLOTS.history] = history === null ? null : history.openLoans;
  v[SLOTS.history + 1] = history === null ? null : history.utilization;
  v[SLOTS.history + 2] = history === null ? null : history.worstDaysPastDue;
  v[SLOTS.history + 3] = history === null ? null : history.writtenOff ? 1 : 0;

  // Velocity before recording: counts of earlier applications only.
  const velocityCounts = v as number[];
  VELOCITY_TYPES.forEach((type, t) => {
    const value = identity[type];
    const offset = SLOTS.velocity + t * VELOCITY_WINDOWS.length;
    if (value === undefined) for (let w = 0; w < VELOCITY_WINDOWS.length; w++) v[offset + w] = null;
    else indexes.velocity.countAll(identifierKey(type, value), atMs, velocityCounts, offset);
  });

  const listHitMasks = [0, 0, 0];
  for (const type of IDENTIFIER_TYPES) {
    const value = identity[type];
    if (value === undefined) continue;
    const f = fingerprintInto(type, value, scratch);
    const bit = 1 << IDENTIFIER_TYPE_INDEX[type];
    for (let list = 0; list < LIST_KINDS.length; list++) {
      if (indexes.lists.hasFingerprint(LIST_KINDS[list]!, f)) listHitMasks[list]! |= bit;
    }
  }
  LIST_KINDS.forEach((_, list) => (v[SLOTS.list + list] = popCount(listHitMasks[list] as number)));

  recordApplication(indexes, identity, atMs);
  const graph = indexes.graph;
  const blacklistedSelf = (listHitMasks[0]! & (1 << IDENTIFIER_TYPE_INDEX.idNumber)) !== 0;
  if (blacklistedSelf) graph.flag(identity.idNumber, 'blacklisted');
  if (history?.writtenOff) graph.flag(identity.idNumber, 'writtenOff');
  const component = graph.componentOf(identity.idNumber);
  v[SLOTS.graph] = component.people;
  v[SLOTS.graph + 1] = component.applications;
  v[SLOTS.graph + 2] = identity.deviceId === undefined ? null : graph.idNumbersOf(identifierKey('deviceId', identity.deviceId));
  v[SLOTS.graph + 3] = component.blacklisted - (graph.isFlagged(identity.idNumber, 'blacklisted') ? 1 : 0);
  v[SLOTS.graph + 4] = component.writtenOff - (graph.isFlagged(identity.idNumber, 'writtenOff') ? 1 : 0);

  return { builtins: v, listHitMasks };
}

function popCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
