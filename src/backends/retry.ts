import {
  AbortedError,
  RateLimitedError,
  type StepwiseError,
  throwIfAborted,
} from '../core/errors.js';

/** Emitted before each wait between attempts. */
export interface RetryEvent {
  type: 'retry';
  /** Which retry follows the wait, from 1. */
  attempt: number;
  /** How long it waits before that retry, in ms. */
  waitMs: number;
  /** HTTP status of the failed attempt; undefined for connection errors. */
  status: number | undefined;
}

/** What a failed attempt means for the retry loop. */
export interface RetryFailure {
  /** The error thrown when this failure is the last. */
  error: StepwiseError;
  /** Whether another attempt may succeed. */
  retryable: boolean;
  /** The wait the server asked for, when it named one. */
  retryAfterMs?: number;
  /** HTTP status of the failed attempt, when there was a response. */
  status?: number;
}

/** Waits `ms`; rejects with AbortedError when the signal fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Turns whatever an attempt threw into a verdict. */
  classify: (thrown: unknown) => RetryFailure;
  /** Retries after the first attempt. Default: 2. */
  maxRetries?: number;
  /** The longest wait honoured; a server asking for more fails fast. Default: 30_000. */
  retryCapMs?: number;
  /** Backoff before the first retry, doubled for each next one. Default: 500. */
  initialBackoffMs?: number;
  /** Source of jitter in [0, 1). Default: Math.random. */
  random?: () => number;
  /** Default: a timer that honours `signal`. */
  sleep?: Sleep;
  /** Stops waiting and retrying when it fires. */
  signal?: AbortSignal;
  /** Called before each wait. Default: none. */
  onRetry?: (event: RetryEvent) => void;
}

/**
 * The wait a response asks for: `retry-after-ms`, else `Retry-After` in
 * seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Pick<Headers, 'get'> | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;

  // Not standard, but OpenAI sends it and it is more precise than seconds.
  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return Number(milliseconds);

  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;

  // An HTTP date names its weekday; this keeps "-1" from parsing as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff before retry number `retry` (from 1), with up to 25% jitter off. */
export function backoffMs(
  retry: number,
  options: { initialBackoffMs: number; retryCapMs: number; random: () => number },
): number {
  const base = Math.min(options.retryCapMs, options.initialBackoffMs * 2 ** (retry - 1));
  return Math.round(base * (1 - 0.25 * options.random()));
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError('The run was aborted.', { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError('The run was aborted.', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `run` until it succeeds or fails for good. Waits what the server
 * asks (up to the cap) or backs off exponentially. A server that asks for
 * longer than the cap gets a RateLimitedError at once, carrying its wait.
 */
export async function withRetries<T>(
  run: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxRetries = options.maxRetries ?? 2;
  const retryCapMs = options.retryCapMs ?? 30_000;
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;

  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (thrown) {
      const failure = options.classify(thrown);
      if (!failure.retryable) throw failure.error;

      const { retryAfterMs, status } = failure;
      if (retryAfterMs !== undefined && retryAfterMs > retryCapMs) {
        throw new RateLimitedError(
          `The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s, more than the ` +
            `${Math.ceil(retryCapMs / 1000)} s cap; try again later or raise retryCapMs.`,
          { retryAfterMs, cause: failure.error, ...(status !== undefined && { status }) },
        );
      }

      if (attempt > maxRetries) throw failure.error;

      const waitMs = retryAfterMs ?? backoffMs(attempt, { initialBackoffMs, retryCapMs, random });
      options.onRetry?.({ type: 'retry', attempt, waitMs, status });
      await sleep(waitMs, options.signal);

      // An injected sleep may ignore the signal.
      throwIfAborted(options.signal);
    }
  }
}
