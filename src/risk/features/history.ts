/**
 * The customer's credit history as risk sees it, supplied through a port: lending owns loans and
 * implements this; risk never reads lending's tables. A customer with no history gives null, and the
 * history features are then missing (not zero), so a rule can tell "new" from "clean".
 */

export interface CustomerHistory {
  readonly openLoans: number;
  /** Outstanding principal over total credit limits, 0–1; null when the customer has no line. */
  readonly utilization: number | null;
  readonly worstDaysPastDue: number;
  readonly writtenOff: boolean;
}

export interface CustomerHistoryPort {
  /** The history of each of these customers that has one; a customer absent from the map has none. */
  historiesOf(tenantId: string, customerIds: readonly string[]): Promise<ReadonlyMap<string, CustomerHistory>>;
}

/** The port for a lender with no loan book yet (and for tests): nobody has history. */
export const noCustomerHistory: CustomerHistoryPort = {
  historiesOf: async () => new Map(),
};
