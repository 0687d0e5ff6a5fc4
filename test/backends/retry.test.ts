import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  BackendAuthError,
  BackendError,
  RateLimitedError,
} from '../../src/core/errors.js';
import {
  type RetryEvent,
  type RetryFailure,
  backoffMs,
  defaultSleep,
  parseRetryAfter,
  withRetries,
} from '../../src/backends/retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds, fractional seconds and retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '1' }), now)).toBe(1000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250);
  });

  it('prefers retry-after-ms over retry-after', () => {
    const headers = new Headers({ 'retry-after': '3', 'retry-after-ms': '2500' });
    expect(parseRetryAfter(headers, now)).toBe(2500);
  });

  it('reads an HTTP date relative to now, and a past date as zero', () => {
    const headers = new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' });
    expect(parseRetryAfter(headers, now)).toBe(5000);
    const past = new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' });
    expect(parseRetryAfter(past, now)).toBe(0);
  });

  it('gives undefined when absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-1' }), now)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  const policy = { initialBackoffMs: 500, retryCapMs: 30_000 };

  it('doubles per retry and stays under the cap', () => {
    const steady = { ...policy, random: () => 0 };
    expect([1, 2, 3, 4].map((retry) => backoffMs(retry, steady))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20, steady)).toBe(30_000);
  });

  it('takes at most a quarter off for jitter', () => {
    expect(backoffMs(1, { ...policy, random: () => 0.999 })).toBe(375);
    expect(backoffMs(2, { ...policy, random: () => 0.5 })).toBe(875);
  });
});

/** A retry loop whose attempts throw the given failures, then succeed. */
function scripted(failures: RetryFailure[], overrides: { maxRetries?: number } = {}) {
  const waits: number[] = [];
  const events: RetryEvent[] = [];
  let attempts = 0;
  const run = withRetries(
    async (attempt) => {
      attempts = attempt;
      const failure = failures[attempt - 1];
      if (failure) throw failure;
      return 'ok';
    },
    {
      classify: (thrown) => thrown as RetryFailure,
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
      },
      onRetry: (event) => events.push(event),
      ...overrides,
    },
  );
  return { run, waits, events, attempts: () => attempts };
}

const serverError = (status = 500): RetryFailure => ({
  error: new BackendError('down', { status, retryable: true }),
  retryable: true,
  status,
});

describe('withRetries', () => {
  it('backs off between retryable failures and reports each retry', async () => {
    const { run, waits, events, attempts } = scripted([serverError(), serverError(502)]);

    expect(await run).toBe('ok');
    expect(attempts()).toBe(3);
    expect(waits).toEqual([500, 1000]);
    expect(events).toEqual([
      { type: 'retry', attempt: 1, waitMs: 500, status: 500 },
      { type: 'retry', attempt: 2, waitMs: 1000, status: 502 },
    ]);
  });

  it('waits what the server asked for', async () => {
    const { run, waits } = scripted([{ ...serverError(429), retryAfterMs: 1000 }]);

    await run;
    expect(waits).toEqual([1000]);
  });

  it('throws a non-retryable failure at once', async () => {
    const error = new BackendAuthError('bad key', { status: 401 });
    const { run, waits, attempts } = scripted([{ error, retryable: false, status: 401 }]);

    await expect(run).rejects.toBe(error);
    expect(attempts()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('throws the last failure when retries run out', async () => {
    const last = serverError(503);
    const { run, attempts } = scripted([serverError(), serverError(), last], { maxRetries: 2 });

    await expect(run).rejects.toBe(last.error);
    expect(attempts()).toBe(3);
  });

  it('fails fast with RateLimitedError when asked to wait past the cap', async () => {
    const { run, waits } = scripted([{ ...serverError(503), retryAfterMs: 120_000 }]);

    const error = await run.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 120_000, status: 503 });
    expect(waits).toEqual([]);
  });

  it('stops when the signal fires during a wait', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const run = withRetries(
      async () => {
        attempts += 1;
        throw serverError();
      },
      { classify: (thrown) => thrown as RetryFailure, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);

    await expect(run).rejects.toBeInstanceOf(AbortedError);
    expect(attempts).toBe(1);
  });
});

describe('defaultSleep', () => {
  it('rejects at once on an aborted signal', async () => {
    await expect(defaultSleep(10_000, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
  });
});
