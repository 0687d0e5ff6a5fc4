import { RateLimitedError, isStepwiseError } from '../../core/errors.js';

/** The `type` field of an OpenAI error body. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'server_error';

/** A failed request, as data: the status and the fields of the OpenAI error body. */
export interface ApiFailure {
  status: 400 | 403 | 404 | 405 | 413 | 429 | 500 | 502 | 503 | 504;
  type: ApiErrorType;
  message: string;
  /** The request field at fault, e.g. `messages[0].role`. */
  param: string | null;
  code: string | null;
  /** Seconds a client should wait, for 429. */
  retryAfterSeconds?: number;
}

/** `{"error": {...}}`, the body OpenAI clients read. */
export function errorBody(failure: ApiFailure) {
  const { message, type, param, code } = failure;
  return { error: { message, type, param, code } };
}

export function invalidRequest(message: string, param: string | null = null): ApiFailure {
  return { status: 400, type: 'invalid_request_error', message, param, code: null };
}

/**
 * Maps what a backend or a run threw onto an HTTP failure: stepwise's
 * error codes say whose fault it was. Anything else is a 500 that carries
 * the message only, never a stack.
 */
export function failureFromError(error: unknown): ApiFailure {
  if (!isStepwiseError(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return failureFromCode('internal', detail);
  }
  const failure = failureFromCode(error.code, error.message);
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
    return { ...failure, retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) };
  }
  return failure;
}

/** The failure for a stepwise error code (a trace's `result.error` carries only the code). */
export function failureFromCode(code: string, message: string): ApiFailure {
  switch (code) {
    case 'rate-limited':
      return { ...base(429, 'rate_limit_error', message), code: 'rate_limit_exceeded' };
    case 'timeout':
      return { ...base(504, 'timeout_error', message), code: 'backend_timeout' };
    case 'context-length':
      return {
        ...invalidRequest(message, 'messages'),
        code: 'context_length_exceeded',
      };
    case 'invalid-input':
      return invalidRequest(message);
    case 'backend-auth':
    case 'backend-error':
    case 'scripted-exhausted':
    case 'parse-failure':
    case 'model-not-found':
      return {
        ...base(502, 'server_error', `The backend failed: ${message}`),
        code: 'backend_error',
      };
    case 'aborted':
      return { ...base(503, 'server_error', message), code: 'aborted' };
    default:
      return base(500, 'server_error', `The server failed: ${message}`);
  }
}

function base(status: ApiFailure['status'], type: ApiErrorType, message: string): ApiFailure {
  return { status, type, message, param: null, code: null };
}
