import type {
  Backend,
  GenerateRequest,
  GenerateResult,
  LoglikelihoodRequest,
  StreamEvent,
} from '../core/backend.js';
import { AbortedError } from '../core/errors.js';

export interface RateLimitOptions {
  /** Most requests started per second. */
  requestsPerSecond: number;
  /** Clock in ms. Default: performance.now. */
  now?: () => number;
  /** Sleeps, for tests. Default: setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Spaces request starts at least 1/rate apart, however many callers share
 * the backend, so a matrix of runs against one server keeps to its limit.
 */
export class RateLimitedBackend implements Backend {
  readonly id: string;
  readonly capabilities;
  private readonly interval: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private next = 0;

  constructor(
    private readonly inner: Backend,
    options: RateLimitOptions,
  ) {
    if (!(options.requestsPerSecond > 0))
      throw new RangeError('requestsPerSecond must be above 0.');
    this.id = inner.id;
    this.capabilities = inner.capabilities;
    this.interval = 1000 / options.requestsPerSecond;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? delay;
  }

  identity(): Promise<string> {
    return this.inner.identity();
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    await this.wait(request.signal);
    return this.inner.generate(request);
  }

  async *stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    await this.wait(request.signal);
    yield* this.inner.stream(request);
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }

  get loglikelihood() {
    const score = this.inner.loglikelihood?.bind(this.inner);
    if (!score) return undefined;
    return async (request: LoglikelihoodRequest) => {
      await this.wait(request.signal);
      return score(request);
    };
  }

  /** Reserves the next start slot, then waits for it. */
  private async wait(signal: AbortSignal | undefined): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.interval;
    if (slot > now) await this.sleep(slot - now, signal);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AbortedError());
      },
      { once: true },
    );
  });
}
