/**
 * The identity graph: people (one node per ID number) linked when their applications share a phone,
 * device, IP, address, bank card or contact, kept incrementally in a union-find (union by size, path
 * halving) so adding an application and reading its component are near-constant time. Each root
 * carries its component's totals: people, applications, and people flagged blacklisted or written off.
 * Invariants:
 * - An identifier value links only while it has been seen with at most `idNumbersMax` distinct ID
 *   numbers; the application that would exceed the cap is not linked through it, nor is any later one
 *   (a campus IP or a call-centre phone must not merge everyone). Links already made stay made.
 * - Components only grow: the graph is append-only, like the applications it is built from.
 * - A person is flagged at most once per flag, so component flag counts are counts of people.
 */
import { limits } from '../../kernel/limits.ts';

export type PersonFlag = 'blacklisted' | 'writtenOff';

export interface Component {
  readonly people: number;
  readonly applications: number;
  readonly blacklisted: number;
  readonly writtenOff: number;
}

interface IdentifierState {
  readonly anchor: number;
  /** One ID number, then a set of them; null once the value has been capped. */
  idNumbers: string | Set<string> | null;
}

const FLAG_BIT: Readonly<Record<PersonFlag, number>> = { blacklisted: 1, writtenOff: 2 };
const INITIAL_PEOPLE = 1024;

export class IdentityGraph {
  private readonly personByIdNumber = new Map<string, number>();
  private readonly identifiers = new Map<string, IdentifierState>();
  private parent: Int32Array = new Int32Array(INITIAL_PEOPLE);
  private people: Int32Array = new Int32Array(INITIAL_PEOPLE);
  private applications: Int32Array = new Int32Array(INITIAL_PEOPLE);
  private blacklisted: Int32Array = new Int32Array(INITIAL_PEOPLE);
  private writtenOff: Int32Array = new Int32Array(INITIAL_PEOPLE);
  private flags: Uint8Array = new Uint8Array(INITIAL_PEOPLE);

  constructor(private readonly idNumbersMax: number = limits.riskGraphIdentifierIdNumbersMax) {}

  get peopleCount(): number {
    return this.personByIdNumber.size;
  }

  get identifierCount(): number {
    return this.identifiers.size;
  }

  /**
   * Adds one application of the person `idNumber`, linking it through each identifier key (a string
   * naming the type and normalised value, e.g. `phone:13800138000`). Returns the person's node.
   */
  addApplication(idNumber: string, linkKeys: readonly string[]): number {
    const person = this.personOf(idNumber);
    const root = this.find(person);
    this.applications[root] = (this.applications[root] as number) + 1;
    for (const key of linkKeys) {
      const state = this.identifiers.get(key);
      if (state === undefined) {
        this.identifiers.set(key, { anchor: person, idNumbers: idNumber });
        continue;
      }
      if (state.idNumbers === null) continue;
      if (!this.noteIdNumber(state, idNumber)) continue;
      this.union(person, state.anchor);
    }
    return person;
  }

  /** Flags a person (adding them if unseen); flagging twice changes nothing. */
  flag(idNumber: string, flag: PersonFlag): void {
    const person = this.personOf(idNumber);
    const bit = FLAG_BIT[flag];
    if (((this.flags[person] as number) & bit) !== 0) return;
    this.flags[person] = (this.flags[person] as number) | bit;
    const root = this.find(person);
    const counts = flag === 'blacklisted' ? this.blacklisted : this.writtenOff;
    counts[root] = (counts[root] as number) + 1;
  }

  isFlagged(idNumber: string, flag: PersonFlag): boolean {
    const person = this.personByIdNumber.get(idNumber);
    return person !== undefined && ((this.flags[person] as number) & FLAG_BIT[flag]) !== 0;
  }

  /** The component of `idNumber`; an unseen person is a component of one with no applications. */
  componentOf(idNumber: string): Component {
    const person = this.personByIdNumber.get(idNumber);
    if (person === undefined) return { people: 1, applications: 0, blacklisted: 0, writtenOff: 0 };
    const root = this.find(person);
    return {
      people: this.people[root] as number,
      applications: this.applications[root] as number,
      blacklisted: this.blacklisted[root] as number,
      writtenOff: this.writtenOff[root] as number,
    };
  }

  /** Distinct ID numbers seen with an identifier key, counting up to the cap + 1. */
  idNumbersOf(key: string): number {
    const state = this.identifiers.get(key);
    if (state === undefined) return 0;
    if (state.idNumbers === null) return this.idNumbersMax + 1;
    return typeof state.idNumbers === 'string' ? 1 : state.idNumbers.size;
  }

  /** Records the ID number against the identifier; false when that pushes it over the cap. */
  private noteIdNumber(state: IdentifierState, idNumber: string): boolean {
    const seen = state.idNumbers;
    if (seen === idNumber) return true;
    let set: Set<string>;
    if (typeof seen === 'string') {
      set = new Set([seen]);
      state.idNumbers = set;
    } else set = seen as Set<string>;
    set.add(idNumber);
    if (set.size > this.idNumbersMax) {
      state.idNumbers = null;
      return false;
    }
    return true;
  }

  private personOf(idNumber: string): number {
    let person = this.personByIdNumber.get(idNumber);
    if (person !== undefined) return person;
    person = this.personByIdNumber.size;
    if (person === this.parent.length) this.grow();
    this.personByIdNumber.set(idNumber, person);
    this.parent[person] = person;
    this.people[person] = 1;
    return person;
  }

  private find(node: number): number {
    const parent = this.parent;
    let x = node;
    while (parent[x] !== x) {
      const grand = parent[parent[x] as number] as number;
      parent[x] = grand;
      x = grand;
    }
    return x;
  }

  private union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.people[ra] as number) < (this.people[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    for (const totals of [this.people, this.applications, this.blacklisted, this.writtenOff]) {
      totals[ra] = (totals[ra] as number) + (totals[rb] as number);
    }
  }

  private grow(): void {
    const size = this.parent.length * 2;
    this.parent = extend(this.parent, size);
    this.people = extend(this.people, size);
    this.applications = extend(this.applications, size);
    this.blacklisted = extend(this.blacklisted, size);
    this.writtenOff = extend(this.writtenOff, size);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
  }
}

function extend(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}
