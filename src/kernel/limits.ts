/**
 * Every bound in lendcore, named in one place (TigerBeetle: "put a limit on everything"). Each limit
 * has a test that proves it is enforced. Change a number here, not at its use.
 */
export const limits = {
  /** Transfers in one ledger batch (one database transaction), as TigerBeetle's batch size. */
  ledgerBatchEventsMax: 8_189,
  /** Transfers a caller may submit in one request. */
  ledgerRequestTransfersMax: 8_189,
  /** Transfers waiting in the batching queue before callers are refused with `queue_full`. */
  ledgerQueueDepthMax: 65_536,
  /** Accounts whose immutable part (ledger, code, flags) a ledger remembers between batches, least recently used out first. */
  ledgerAccountCacheMax: 100_000,
  /** Rows in one page of any list. */
  pageSizeMax: 1_000,
  pageSizeDefault: 100,
  /** Statements PGlite keeps prepared (db/pglite-statements.ts); the least recently used is closed first. */
  pgliteStatementsMax: 1_000,
  /** Array elements a PGlite statement may bind and still run on its prepared (maybe generic) plan. */
  pgliteGenericPlanArrayMax: 64,
  /** PGlite statements run (in all) before every prepared statement is prepared again, its plan then fitting the tables' size. */
  pgliteStatementRunsMax: 1_000,
  /** PGlite statements run between two `VACUUM (ANALYZE)` runs (statistics and dead rows), which PGlite never runs itself. */
  pgliteVacuumEveryStatements: 20_000,
  /** Retries of a transaction that failed on serialization or deadlock. */
  transactionRetriesMax: 5,
  /** Seconds a two-phase pending transfer may be held before it expires. */
  pendingTimeoutSecondsMax: 60 * 60 * 24 * 30,
  /** Bytes of a request body accepted by the HTTP API. */
  httpBodyBytesMax: 8 * 1024 * 1024,
  /** Nesting of arrays and objects in a request (a product or strategy document nests under 10). */
  httpJsonDepthMax: 64,
  /** Bytes of a list import sent over HTTP (about 4 M rows of identifiers). */
  listImportBodyBytesMax: 160 * 1024 * 1024,
  /** Characters of an Idempotency-Key. */
  idempotencyKeyLengthMax: 255,
  // lending/schedules, lending/apr (loan math)
  /** Scheduled installments of one loan. */
  scheduleInstallmentsMax: 600,
  /** Units per period of a repayment frequency or an APR unit period ("every 365 days"). */
  frequencyEveryMax: 365,
  /** Decimals of a rate or percent in a spec ("12.3456789012"). */
  rateDecimalsMax: 12,
  /** Advances plus payments of one APR computation, after expanding series. */
  aprCashFlowsMax: 10_000,
  /** Iterations of the APR root finder before it reports `no_rate_solves`. */
  aprSolverIterationsMax: 300,

  // risk/scorecard
  /** Data rows in one CSV a scorecard is trained, evaluated or monitored on (held in memory). */
  scorecardRowsMax: 2_000_000,
  /** Columns in that CSV. */
  scorecardColumnsMax: 1_000,
  /** Distinct values of a text column before it is skipped as an identifier rather than binned. */
  scorecardCategoriesMax: 200,
  /** Newton iterations of the scorecard's logistic regression (it converges in under ten). */
  scorecardRegressionIterationsMax: 50,
  // lending/servicing
  /** Days-past-due thresholds and penalty grace days of a loan's terms. */
  servicingDaysPastDueMax: 3_650,
  /** Events of one `loan simulate` input. */
  servicingEventsMax: 10_000,
  /** Days one `loan simulate` replays, disbursement to `asOf` (about 100 years). */
  servicingSimulationDaysMax: 36_600,
  // lending/products, lending/customers, lending/origination
  /** Allowed terms listed in one product document. */
  productTermsMax: 24,
  /** Price tiers of one product document. */
  productPriceTiersMax: 16,
  /** Applications decided in one `applyMany` batch (one decision call, one transaction). */
  applicationBatchMax: 1_000,
  /** Offers accepted in one `acceptMany` batch (one transaction; each opens a line with three ledger accounts). */
  acceptanceBatchMax: 1_000,
  /** Drawdowns in one `drawMany` batch (one transaction; each opens a loan with a few ledger transfers). */
  drawdownBatchMax: 1_000,
  /** Customers registered by one insert, concurrent registrations coalesced (lending/customers). */
  customerBatchMax: 1_000,
  /** Single calls waiting to be coalesced into a batch (kernel/coalesce.ts); beyond it a call runs on its own. */
  coalescedQueueMax: 10_000,
  /** Records of one kind held by a record cache (kernel/record-cache.ts); beyond it the least recently used go. */
  recordCacheEntriesMax: 4_096,
  /** Days of a drawdown's maturity for products whose terms are in days. */
  drawdownTermDaysMax: 365,
  /** Days an offer stays open before it expires. */
  offerValidDays: 7,
  /** Seconds a checkout hold reserves the limit before the ledger releases it. */
  checkoutHoldTimeoutSeconds: 60 * 60 * 24 * 7,
  /** Characters of a client-supplied lending resource id (derived ledger ids add a short prefix). */
  lendingIdLengthMax: 40,
  /** Characters of a product id (its ledger account ids add a prefix and a role). */
  productIdLengthMax: 32,

  // risk
  /** Applications decided in one `decideMany` batch (one transaction). */
  riskDecisionBatchMax: 1_000,
  /** Rules in one strategy document (all rule sets together). */
  riskStrategyRulesMax: 2_000,
  /** Derived features one strategy may define. */
  riskStrategyDerivedFeaturesMax: 500,
  /** Nesting depth of a rule condition (all/any/not) or a derived-feature expression. */
  riskConditionDepthMax: 16,
  /** Values in one `in` / `notIn` list. */
  riskConditionValuesMax: 10_000,
  /** Bytes of a strategy document's text. */
  riskStrategyDocumentBytesMax: 4 * 1024 * 1024,
  /** An identifier value stops linking in the identity graph once seen with more ID numbers than this. */
  riskGraphIdentifierIdNumbersMax: 20,
  /** Entries of one in-memory list set (black, grey or white) of one tenant. */
  riskListEntriesMax: 50_000_000,
  /** Rows of one list CSV import. */
  riskListImportRowsMax: 5_000_000,
  /** Characters of one identifier value (phone, device id, address, …). */
  riskIdentifierLengthMax: 256,
  /** Contacts listed on one application. */
  riskApplicationContactsMax: 20,
  /** Challenger traffic share in percent; the champion keeps the rest. */
  riskChallengerPercentMax: 50,
  /** Shadow strategies run beside the champion for one tenant. */
  riskShadowStrategiesMax: 4,
  /** Scorecard features turned into reason codes on one decision. */
  riskScoreReasonCodesMax: 4,

  // lending/loans batch events and the demo simulator (src/sim)
  /** Events one loan-book batch applies in one transaction. */
  loanEventBatchMax: 2_000,
  /** Customers one `lendcore demo` run simulates. */
  demoCustomersMax: 1_000_000,
  /** Business days one `lendcore demo` run simulates. */
  demoDaysMax: 3_650,

  // lending/eod, as `lendcore eod run` takes them
  /** Loans one end-of-day chunk closes in one transaction. */
  eodChunkLoansMax: 100_000,
  /** Concurrent chunk workers in one process (each holds a connection). */
  eodWorkersMax: 64,
} as const;
