/**
 * Every result code the risk services return, in one place. Routes map them to HTTP statuses; the
 * services never throw for these. Precedence where several apply: input validation first
 * (`invalid_*`), then existence (`*_not_found`), then capacity (`list_full`).
 *
 * - `invalid_strategy`     the document does not parse, validate or compile; `param` is the path of
 *                           the first problem, `message` lists every problem. Nothing is stored.
 * - `strategy_not_found`   no stored version with that name and version.
 * - `invalid_deployment`   challenger share above limits.riskChallengerPercentMax, too many shadows,
 *                           or the same version twice.
 * - `no_active_strategy`   the tenant has never activated a strategy; no decision can be made.
 * - `invalid_application`  the application fails validation; `param` names the field.
 * - `decision_not_found`   no decision with that id for the tenant.
 * - `invalid_list_entry`   unknown list or identifier type, or an empty or over-long value.
 * - `invalid_csv`          a list import with a missing column or a malformed row; `message` names
 *                           the row and column. Nothing is imported.
 * - `list_full`            the import or addition would take a list past limits.riskListEntriesMax.
 */
export type StrategyErrorCode = 'invalid_strategy' | 'strategy_not_found' | 'invalid_deployment';
export type DecisionErrorCode = 'no_active_strategy' | 'invalid_application' | 'decision_not_found';
export type ListErrorCode = 'invalid_list_entry' | 'invalid_csv' | 'list_full';
