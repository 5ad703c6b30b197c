/**
 * The expected failures of scorecard training, evaluation and monitoring, in one place. Each is bad
 * input the caller can fix; the CLI prints it as `{"error": {"code", "message", "param"}}` and exits 2.
 * Checked in this order: the CSV itself, then the columns asked for, then the labels, then the model.
 */
export type ScorecardErrorCode =
  /** The CSV cannot be parsed: unbalanced quotes, a row with more or fewer cells than the header. */
  | 'csv_malformed'
  /** The CSV has no header row or no data row. */
  | 'csv_empty'
  /** Two header cells have the same name, so a column cannot be named unambiguously. */
  | 'csv_duplicate_column'
  /** More rows or columns than `limits.scorecardRowsMax` / `limits.scorecardColumnsMax`. */
  | 'csv_too_large'
  /** The target column is not in the header. */
  | 'target_column_missing'
  /** A row has an empty target cell, so it is neither good nor bad. */
  | 'target_value_missing'
  /** Every row is bad, or none is: nothing separates goods from bads. */
  | 'target_one_class'
  /** An `exclude` column is not in the header. */
  | 'exclude_column_unknown'
  /** No column is predictive enough to keep (every information value below the minimum). */
  | 'no_features'
  /** A column the scorecard scores is not in the data. */
  | 'feature_column_missing'
  /** The scorecard document is not a valid `lendcore.scorecard`. */
  | 'scorecard_invalid';
