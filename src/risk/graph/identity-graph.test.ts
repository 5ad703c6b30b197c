import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityGraph, type PersonFlag } from './identity-graph.ts';

const CAP = 3;
const ID_NUMBERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const KEYS = ['phone:1', 'phone:2', 'device:x', 'device:y', 'ip:campus', 'card:9'];

type Event =
  | { kind: 'apply'; idNumber: string; keys: string[] }
  | { kind: 'flag'; idNumber: string; flag: PersonFlag };

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('apply' as const), idNumber: fc.constantFrom(...ID_NUMBERS), keys: fc.subarray(KEYS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flag' as const), idNumber: fc.constantFrom(...ID_NUMBERS), flag: fc.constantFrom<PersonFlag>('blacklisted', 'writtenOff') }) },
);

/** The reference: every link as an explicit edge, components found by a fresh search each time. */
class BruteForceGraph {
  readonly edges: [string, string][] = [];
  readonly applications = new Map<string, number>();
  readonly flags = new Map<string, Set<PersonFlag>>();
  private readonly members = new Map<string, string[]>();
  private readonly idNumbersByKey = new Map<string, Set<string>>();
  private readonly capped = new Set<string>();

  apply(idNumber: string, keys: readonly string[]): void {
    this.applications.set(idNumber, (this.applications.get(idNumber) ?? 0) + 1);
    for (const key of keys) {
      if (this.capped.has(key)) continue;
      const seen = this.idNumbersByKey.get(key) ?? new Set<string>();
      seen.add(idNumber);
      this.idNumbersByKey.set(key, seen);
      if (seen.size > CAP) {
        this.capped.add(key);
        continue;
      }
      for (const other of this.members.get(key) ?? []) this.edges.push([idNumber, other]);
      this.members.set(key, [...(this.members.get(key) ?? []), idNumber]);
    }
  }

  component(idNumber: string): Set<string> {
    const found = new Set([idNumber]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [a, b] of this.edges) {
        if (found.has(a) !== found.has(b)) {
          found.add(a);
          found.add(b);
          grew = true;
        }
      }
    }
    return found;
  }

  idNumbersOf(key: string): number {
    return this.capped.has(key) ? CAP + 1 : this.idNumbersByKey.get(key)?.size ?? 0;
  }
}

describe('IdentityGraph', () => {
  it('matches a brute-force graph: components, their totals and identifier caps', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const graph = new IdentityGraph(CAP);
        const model = new BruteForceGraph();
        for (const e of events) {
          if (e.kind === 'apply') {
            graph.addApplication(e.idNumber, e.keys);
            model.apply(e.idNumber, e.keys);
          } else {
            graph.flag(e.idNumber, e.flag);
            model.flags.set(e.idNumber, (model.flags.get(e.idNumber) ?? new Set()).add(e.flag));
          }
        }
        for (const idNumber of ID_NUMBERS) {
          const people = model.component(idNumber);
          const known = [...people].filter((p) => model.applications.has(p) || model.flags.has(p));
          const count = (flag: PersonFlag): number => known.filter((p) => model.flags.get(p)?.has(flag)).length;
          const isKnown = model.applications.has(idNumber) || model.flags.has(idNumber);
          expect(graph.componentOf(idNumber)).toEqual({
            people: isKnown ? known.length : 1,
            applications: known.reduce((sum, p) => sum + (model.applications.get(p) ?? 0), 0),
            blacklisted: count('blacklisted'),
            writtenOff: count('writtenOff'),
          });
        }
        for (const key of KEYS) expect(graph.idNumbersOf(key)).toBe(model.idNumbersOf(key));
      }),
    );
  });

  it('stops linking through an identifier once it has been seen with more ID numbers than the cap', () => {
    const graph = new IdentityGraph(2);
    graph.addApplication('A', ['ip:campus']);
    graph.addApplication('B', ['ip:campus']);
    graph.addApplication('C', ['ip:campus']);
    graph.addApplication('D', ['ip:campus']);
    expect(graph.componentOf('A').people).toBe(2);
    expect(graph.componentOf('C').people).toBe(1);
    expect(graph.componentOf('D').people).toBe(1);
    expect(graph.idNumbersOf('ip:campus')).toBe(3);
  });
});
