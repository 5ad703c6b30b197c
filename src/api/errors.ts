/**
 * The HTTP API's error catalogue: every error a client can see, with its HTTP status and type, in one
 * place. Handlers return domain result codes; only this edge maps them to statuses and messages.
 * The body is always `{"error": {"type", "code", "message", "param"}}`; codes are stable.
 */
export type ErrorType = 'invalid_request' | 'authentication' | 'permission' | 'not_found' | 'conflict' | 'business_rule' | 'unavailable' | 'internal';

export const STATUS_BY_TYPE: Readonly<Record<ErrorType, number>> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  conflict: 409,
  business_rule: 422,
  unavailable: 503,
  internal: 500,
};

/** Codes raised by the API layer itself; domain codes (ledger results, …) are passed through. */
export const API_ERRORS = {
  validation_failed: { type: 'invalid_request', message: 'the request does not match the schema' },
  invalid_url: { type: 'invalid_request', message: 'the URL is malformed or a path segment is too long' },
  invalid_json: { type: 'invalid_request', message: 'the body is not valid JSON' },
  unsupported_media_type: { type: 'invalid_request', message: 'bodies are application/json (text/csv or YAML only where a route says so)' },
  bad_request: { type: 'invalid_request', message: 'the request cannot be read' },
  body_too_large: { type: 'invalid_request', message: 'the body is larger than the limit' },
  invalid_amount: { type: 'invalid_request', message: 'amounts are decimal strings in major units with at most the currency\'s decimals' },
  invalid_date: { type: 'invalid_request', message: 'dates are YYYY-MM-DD' },
  invalid_cursor: { type: 'invalid_request', message: 'the cursor was not issued by this list' },
  batch_too_large: { type: 'invalid_request', message: 'too many items in one request' },
  batch_empty: { type: 'invalid_request', message: 'the request holds no items' },
  idempotency_key_invalid: { type: 'invalid_request', message: 'Idempotency-Key must be 1–255 printable characters' },
  idempotency_key_reused: { type: 'conflict', message: 'the Idempotency-Key was used with a different request' },
  idempotency_key_in_progress: { type: 'conflict', message: 'a request with this Idempotency-Key is still being processed' },
  unauthenticated: { type: 'authentication', message: 'a valid API key is required (Authorization: Bearer …)' },
  forbidden: { type: 'permission', message: 'the API key lacks the scope this request needs' },
  not_found: { type: 'not_found', message: 'no such resource' },
  route_not_found: { type: 'not_found', message: 'no such route' },
  ledger_busy: { type: 'unavailable', message: 'the ledger queue is full; retry with the same ids' },
  internal_error: { type: 'internal', message: 'an internal error occurred; nothing acknowledged was lost' },
} as const satisfies Record<string, { type: ErrorType; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * Domain result codes passed through with a status other than 422 (business_rule). Lending: products,
 * customers and origination (src/lending/*); a code not listed here is a business rule.
 */
export const DOMAIN_ERROR_TYPES: Readonly<Record<string, ErrorType>> = {
  // bad input, named by its field
  missing_field: 'invalid_request',
  invalid_type: 'invalid_request',
  unknown_value: 'invalid_request',
  unknown_currency: 'invalid_request',
  amount_precision_exceeded: 'invalid_request',
  amount_must_be_positive: 'invalid_request',
  invalid_decimal: 'invalid_request',
  out_of_range: 'invalid_request',
  conflicting_fields: 'invalid_request',
  product_id_invalid: 'invalid_request',
  id_number_invalid: 'invalid_request',
  phone_invalid: 'invalid_request',
  birth_date_invalid: 'invalid_request',
  birth_date_mismatch: 'invalid_request',
  // unknown resources
  product_not_found: 'not_found',
  customer_not_found: 'not_found',
  application_not_found: 'not_found',
  offer_not_found: 'not_found',
  line_not_found: 'not_found',
  hold_not_found: 'not_found',
  drawdown_not_found: 'not_found',
  loan_not_found: 'not_found',
  event_not_found: 'not_found',
  eod_run_not_found: 'not_found',
  // state conflicts
  product_exists: 'conflict',
  product_version_conflict: 'conflict',
  customer_exists: 'conflict',
  id_reused: 'conflict',
  loan_book_unavailable: 'unavailable',
  // risk (src/risk/codes.ts); no_active_strategy and list_full are business rules (422)
  invalid_strategy: 'invalid_request',
  invalid_deployment: 'invalid_request',
  invalid_application: 'invalid_request',
  invalid_list_entry: 'invalid_request',
  invalid_csv: 'invalid_request',
  strategy_not_found: 'not_found',
  decision_not_found: 'not_found',
};

/** Throws a domain command's refusal as its API error: the code passes through unchanged. */
export function refused(failure: { code: string; message?: string; param?: string; existingId?: string }): never {
  throw ApiError.domain(failure.code, failure.message, failure.param, failure.existingId);
}

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
    this.statusCode = STATUS_BY_TYPE[type];
  }

  static of(code: ApiErrorCode, param?: string, message?: string): ApiError {
    const entry = API_ERRORS[code];
    return new ApiError(entry.type, code, message ?? entry.message, param);
  }

  /** A domain rule refused the request (HTTP 422): `code` is the domain's own result code. */
  static rule(code: string, message: string, param?: string): ApiError {
    return new ApiError('business_rule', code, message, param);
  }

  /**
   * A domain result code, with the type the catalogue gives it (`DOMAIN_ERROR_TYPES`, or `API_ERRORS`
   * for a code both layers raise, such as `invalid_amount`): one code, one status, whichever layer
   * refused. A code in neither is a business rule (422).
   */
  static domain(code: string, message: string | undefined, param?: string, existingId?: string): ApiError {
    const type = DOMAIN_ERROR_TYPES[code] ?? (Object.hasOwn(API_ERRORS, code) ? API_ERRORS[code as ApiErrorCode].type : 'business_rule');
    const error = new ApiError(type, code, message ?? code.replaceAll('_', ' '), param);
    if (existingId !== undefined) error.existingId = existingId;
    return error;
  }

  /** For a conflict with an existing resource (`customer_exists`): that resource's id. */
  existingId?: string;

  body(): { error: { type: ErrorType; code: string; message: string; param?: string; existingId?: string } } {
    return {
      error: {
        type: this.type, code: this.code, message: this.message,
        ...(this.param !== undefined ? { param: this.param } : {}),
        ...(this.existingId !== undefined ? { existingId: this.existingId } : {}),
      },
    };
  }
}
