/**
 * The pure state machine driven without a database, for table and property tests: every account and
 * transfer lives in one BatchState that each `apply` hands to `applyBatch`, the way the store would
 * after loading exactly the rows a batch touches. Requests are validated as the service does.
 */
import { businessDateOf, instantFromEpochMs } from '../../kernel/instant.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import type { TransferResult } from '../result-codes.ts';
import { applyBatch, applyExpiries, stateKey, type AccountState, type BatchState, type RequestItem } from '../state-machine.ts';
import type { AccountInput, TransferInput } from '../types.ts';
import { validateAccount, validateTransfer } from '../validate.ts';

export const PURE_TENANT = 'pure';
export const PURE_TIME_ZONE = 'Asia/Shanghai';

export interface InMemoryLedger {
  readonly state: BatchState;
  nowMs: number;
  /** The business date of `nowMs`, which an omitted effectiveOn stands for. */
  today(): LocalDate;
  /** Adds accounts that must be valid. */
  addAccounts(inputs: readonly AccountInput[]): void;
  /** One batch of requests, applied in order, as group commit would. */
  apply(requests: readonly (readonly TransferInput[])[]): TransferResult[][];
  /** Releases the timed-out pending transfers; returns how many. */
  expire(): number;
  account(id: string): AccountState | undefined;
}

export function toRequestItems(tenantId: string, transfers: readonly TransferInput[], today: LocalDate): RequestItem[] {
  return transfers.map((input) => {
    const validated = validateTransfer(tenantId, input, today);
    const linked = input.flags?.linked === true;
    return typeof validated === 'string' ? { command: null, validation: validated, linked } : { command: validated, validation: null, linked };
  });
}

export function createInMemoryLedger(startMs = Date.parse('2026-03-01T02:00:00.000Z')): InMemoryLedger {
  const state: BatchState = { accounts: new Map(), transfers: new Map(), failed: new Map(), pendings: new Map() };
  const ledger: InMemoryLedger = {
    state,
    nowMs: startMs,
    today: () => businessDateOf(instantFromEpochMs(ledger.nowMs), PURE_TIME_ZONE),
    addAccounts(inputs) {
      for (const input of inputs) {
        const command = validateAccount(PURE_TENANT, input);
        if (typeof command === 'string') throw new Error(`invalid account ${input.id}: ${command}`);
        const { tenantId, id, ledger: currency, code, flags } = command;
        state.accounts.set(stateKey(tenantId, id), { tenantId, id, ledger: currency, code, flags, debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n });
      }
    },
    apply(requests) {
      const now = instantFromEpochMs(ledger.nowMs);
      return applyBatch(requests.map((r) => toRequestItems(PURE_TENANT, r, ledger.today())), state, now, ledger.nowMs).results;
    },
    expire() {
      const effects = { created: [], failed: [], resolutions: [], touched: new Set<AccountState>(), history: [] };
      return applyExpiries([...state.pendings.keys()], state, effects, ledger.nowMs, ledger.today());
    },
    account: (id) => state.accounts.get(stateKey(PURE_TENANT, id)),
  };
  return ledger;
}
