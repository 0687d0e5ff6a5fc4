/**
 * One error tree for all of stepwise. Every error has a stable `name`, a
 * machine-readable `code`, a `retryable` flag and an optional `cause`.
 * Messages say what went wrong and what to do about it.
 */
export type ErrorCode =
  | 'backend-auth'
  | 'backend-error'
  | 'rate-limited'
  | 'context-length'
  | 'timeout'
  | 'parse-failure'
  | 'budget-exceeded'
  | 'aborted'
  | 'scripted-exhausted'
  | 'invalid-spec'
  | 'invalid-input'
  | 'model-not-found'
  | 'dataset-invalid';

export interface StepwiseErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Whether retrying the same request can succeed. Default: false. */
  retryable?: boolean;
  /** HTTP status when the error came from a server. */
  status?: number;
}

export class StepwiseError extends Error {
  override readonly name: string = 'StepwiseError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, options: StepwiseErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
  }
}

/** The server rejected the credentials (401/403). Never retried. */
export class BackendAuthError extends StepwiseError {
  override readonly name = 'BackendAuthError';
  constructor(message: string, options: StepwiseErrorOptions = {}) {
    super('backend-auth', message, options);
  }
}

/** Any other failure reported by a backend (5xx, bad response...). */
export class BackendError extends StepwiseError {
  override readonly name = 'BackendError';
  constructor(message: string, options: StepwiseErrorOptions = {}) {
    super('backend-error', message, options);
  }
}

/** Too many requests; `retryAfterMs` is the wait the server asked for. */
export class RateLimitedError extends StepwiseError {
  override readonly name = 'RateLimitedError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: StepwiseErrorOptions & { retryAfterMs?: number } = {}) {
    super('rate-limited', message, { retryable: true, status: 429, ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The prompt (plus requested completion) does not fit the model's context. */
export class ContextLengthError extends StepwiseError {
  override readonly name = 'ContextLengthError';
  readonly promptTokens: number | undefined;
  readonly contextLength: number | undefined;
  constructor(
    message: string,
    options: StepwiseErrorOptions & {
      promptTokens?: number;
      contextLength?: number;
    } = {},
  ) {
    super('context-length', message, options);
    this.promptTokens = options.promptTokens;
    this.contextLength = options.contextLength;
  }
}

/** A request (or a stream that stalled) ran past its time limit. */
export class TimeoutError extends StepwiseError {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, options: StepwiseErrorOptions & { timeoutMs: number }) {
    super('timeout', message, { retryable: true, ...options });
    this.timeoutMs = options.timeoutMs;
  }
}

/** Model text that could not be read as the expected structure. */
export class ParseFailureError extends StepwiseError {
  override readonly name = 'ParseFailureError';
  readonly raw: string;
  readonly path: (string | number)[];
  constructor(
    message: string,
    options: StepwiseErrorOptions & { raw: string; path?: (string | number)[] },
  ) {
    super('parse-failure', message, options);
    this.raw = options.raw;
    this.path = options.path ?? [];
  }
}

/** A run hit its call or token budget. */
export class BudgetExceededError extends StepwiseError {
  override readonly name = 'BudgetExceededError';
  readonly limit: 'calls' | 'tokens';
  constructor(message: string, options: StepwiseErrorOptions & { limit: 'calls' | 'tokens' }) {
    super('budget-exceeded', message, options);
    this.limit = options.limit;
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends StepwiseError {
  override readonly name = 'AbortedError';
  constructor(message = 'The run was aborted.', options: StepwiseErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/** A scripted backend was asked for more replies than its script holds. */
export class ScriptedExhaustedError extends StepwiseError {
  override readonly name = 'ScriptedExhaustedError';
  constructor(message: string, options: StepwiseErrorOptions = {}) {
    super('scripted-exhausted', message, options);
  }
}

/** A backend spec string could not be understood. */
export class InvalidSpecError extends StepwiseError {
  override readonly name = 'InvalidSpecError';
  constructor(message: string, options: StepwiseErrorOptions = {}) {
    super('invalid-spec', message, options);
  }
}

/** A caller passed options or arguments that cannot work. */
export class InvalidInputError extends StepwiseError {
  override readonly name = 'InvalidInputError';
  constructor(message: string, options: StepwiseErrorOptions = {}) {
    super('invalid-input', message, options);
  }
}

/** A local model folder or hub id could not be found (or not offline). */
export class ModelNotFoundError extends StepwiseError {
  override readonly name = 'ModelNotFoundError';
  constructor(message: string, options: StepwiseErrorOptions = {}) {
    super('model-not-found', message, options);
  }
}

/** A dataset file is malformed; the message names file, line and field. */
export class DatasetError extends StepwiseError {
  override readonly name = 'DatasetError';
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(
    message: string,
    options: StepwiseErrorOptions & {
      file: string;
      line?: number;
      field?: string;
    },
  ) {
    super('dataset-invalid', message, options);
    this.file = options.file;
    this.line = options.line;
    this.field = options.field;
  }
}

export function isStepwiseError(error: unknown): error is StepwiseError {
  return error instanceof StepwiseError;
}

/** Throws an AbortedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AbortedError('The run was aborted.', { cause: signal.reason });
  }
}
