import { ContextOverflowError, ModelAbortError, getRetryable } from '@langchain/core/errors';
import {
  AbortedError,
  BackendAuthError,
  BackendError,
  ContextLengthError,
  RateLimitedError,
  type StepwiseError,
  isStepwiseError,
} from '../core/errors.js';

/** Where a failed call went, for error messages. */
export interface ChatModelErrorContext {
  /** The backend id, e.g. `langchain:openai:gpt-4o-mini`. */
  id: string;
  signal: AbortSignal | undefined;
}

/**
 * Sorts what a LangChain model threw into stepwise errors. LangChain marks
 * some errors with an `lc_error_code` and providers keep the HTTP `status`;
 * anything unrecognised becomes a BackendError with the original as cause.
 */
export function toStepwiseError(thrown: unknown, context: ChatModelErrorContext): StepwiseError {
  if (isStepwiseError(thrown)) return thrown;

  // Whatever a model throws once our signal fired, the abort explains it.
  if (context.signal?.aborted || isAbort(thrown)) {
    return new AbortedError('The run was aborted.', { cause: thrown });
  }

  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  const code = stringField(thrown, 'lc_error_code');
  const status = numberField(thrown, 'status');

  if (ContextOverflowError.isInstance(thrown) || code === 'CONTEXT_OVERFLOW') {
    const message = `The prompt does not fit the context of ${context.id} (${detail}); shorten it or lower maxTokens.`;
    return new ContextLengthError(message, { cause: thrown, ...(status && { status }) });
  }

  if (code === 'MODEL_AUTHENTICATION' || status === 401 || status === 403) {
    const message = `${context.id} rejected the credentials (${detail}); check the model's API key.`;
    return new BackendAuthError(message, { cause: thrown, ...(status && { status }) });
  }

  if (code === 'MODEL_RATE_LIMIT' || status === 429) {
    const message = `${context.id} is rate limited (${detail}); wait and try again, or lower concurrency.`;
    return new RateLimitedError(message, { cause: thrown });
  }

  if (code === 'MODEL_NOT_FOUND' || status === 404) {
    const message = `${context.id} does not know the model (${detail}); check the model name.`;
    return new BackendError(message, { cause: thrown, status: status ?? 404 });
  }

  const retryable = getRetryable(thrown) ?? (status !== undefined && status >= 500);
  const message = `${context.id} failed: ${detail}`;
  return new BackendError(message, { cause: thrown, retryable, ...(status && { status }) });
}

function isAbort(thrown: unknown): boolean {
  if (ModelAbortError.isInstance(thrown)) return true;
  const name = stringField(thrown, 'name');
  return name === 'AbortError' || name === 'ModelAbortError';
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'number' ? field : undefined;
}
