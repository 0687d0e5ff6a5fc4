import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  AbortedError,
  BackendAuthError,
  BackendError,
  ContextLengthError,
  ModelNotFoundError,
  RateLimitedError,
  TimeoutError,
  isStepwiseError,
} from '../core/errors.js';
import { withoutCredentials } from '../util/text.js';
import { type RetryFailure, parseRetryAfter } from './retry.js';

/** Where a request went, for error messages. */
export interface ErrorContext {
  baseURL: string;
  model: string;
  timeoutMs: number;
}

const CONTEXT_LENGTH =
  /maximum context length|context length|context window|context size|too many tokens/i;

/**
 * Sorts what the SDK (or a request) threw into stepwise errors and a retry
 * verdict. Messages never carry credentials written into a URL.
 */
export function classifyOpenAIError(thrown: unknown, context: ErrorContext): RetryFailure {
  const failure = classify(thrown, context);
  failure.error.message = withoutCredentials(failure.error.message);
  return failure;
}

function classify(thrown: unknown, context: ErrorContext): RetryFailure {
  if (isStepwiseError(thrown)) return { error: thrown, retryable: false };

  // Only raised when our own signal fired, which the caller checks first.
  if (thrown instanceof APIUserAbortError) {
    return { error: new AbortedError('The run was aborted.', { cause: thrown }), retryable: false };
  }

  if (thrown instanceof APIConnectionTimeoutError) {
    const message = `No response from ${context.baseURL} within ${context.timeoutMs} ms; raise timeoutMs or check the server.`;
    return {
      error: new TimeoutError(message, { timeoutMs: context.timeoutMs, cause: thrown }),
      retryable: false,
    };
  }

  if (thrown instanceof APIConnectionError) {
    const message = `Could not reach ${context.baseURL} (${describeCause(thrown)}); check the base URL and that the server is up.`;
    return {
      error: new BackendError(message, { cause: thrown, retryable: true }),
      retryable: true,
    };
  }

  if (thrown instanceof APIError) return classifyStatus(thrown, context);

  const message = `The OpenAI backend failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
  return { error: new BackendError(message, { cause: thrown }), retryable: false };
}

function classifyStatus(thrown: APIError, context: ErrorContext): RetryFailure {
  const status = thrown.status;
  const detail = thrown.message;

  // An error event inside a stream has no status of its own.
  if (status === undefined) {
    return {
      error: new BackendError(`The server reported an error mid-stream: ${detail}`, {
        cause: thrown,
      }),
      retryable: false,
    };
  }

  if (status === 401 || status === 403) {
    const message = `${context.baseURL} rejected the credentials (${detail}); check OPENAI_API_KEY or the apiKey option.`;
    return { error: new BackendAuthError(message, { cause: thrown, status }), retryable: false };
  }

  const retryAfterMs = parseRetryAfter(thrown.headers);
  if (status === 429) {
    const message = `Rate limited by ${context.baseURL} (${detail}); wait and try again, or lower concurrency.`;
    const error = new RateLimitedError(message, {
      cause: thrown,
      status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
    return { error, retryable: true, status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }

  if (status >= 500) {
    const message = `${context.baseURL} failed with status ${status} (${detail}); try again later.`;
    const error = new BackendError(message, { cause: thrown, status, retryable: true });
    return { error, retryable: true, status, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  }

  if (isContextLength(thrown)) {
    const message = `The prompt does not fit the context of ${context.model} (${detail}); shorten it or lower maxTokens.`;
    return {
      error: new ContextLengthError(message, { cause: thrown, status, ...contextNumbers(thrown) }),
      retryable: false,
    };
  }

  // OpenAI, vLLM, Ollama and stepwise serve all answer an unknown model with 404.
  if (status === 404 && (thrown.code === 'model_not_found' || /model/i.test(detail))) {
    const message = `${context.baseURL} has no model ${context.model} (${detail}); check the name (GET ${context.baseURL}/models lists them).`;
    return { error: new ModelNotFoundError(message, { cause: thrown, status }), retryable: false };
  }

  const message = `${context.baseURL} refused the request with status ${status} (${detail}).`;
  return { error: new BackendError(message, { cause: thrown, status }), retryable: false };
}

function isContextLength(error: APIError): boolean {
  if (error.code === 'context_length_exceeded') return true;

  // llama.cpp names it in `type`; vLLM and Ollama only in the message.
  if (error.type === 'exceed_context_size_error') return true;
  return CONTEXT_LENGTH.test(error.message);
}

/** Token counts the servers put in the error, where they do. */
function contextNumbers(error: APIError): { promptTokens?: number; contextLength?: number } {
  const body = isRecord(error.error) ? error.error : {};
  const contextLength =
    numberField(body, 'n_ctx') ?? matchNumber(error.message, /maximum context length is (\d+)/i);
  const promptTokens =
    numberField(body, 'n_prompt_tokens') ??
    matchNumber(error.message, /(\d+) tokens? in the messages/i) ??
    matchNumber(error.message, /messages resulted in (\d+) tokens/i);
  return {
    ...(contextLength !== undefined && { contextLength }),
    ...(promptTokens !== undefined && { promptTokens }),
  };
}

function describeCause(error: APIConnectionError): string {
  const cause: unknown = error.cause;
  if (cause instanceof Error) return cause.message;
  return error.message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function numberField(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' ? value : undefined;
}

function matchNumber(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
