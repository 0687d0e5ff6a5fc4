import { AbortedError, type StepwiseError, TimeoutError } from '../core/errors.js';

/**
 * The abort controller of one HTTP attempt, fired by the caller's signal or
 * by a timer that can be re-armed (a whole request, then each stream chunk).
 * `race` makes a pending promise lose to either, even one that never
 * notices the abort, such as a stalled response body.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  readonly #interrupted: Promise<never>;
  #reject: (error: StepwiseError) => void = () => {};
  #timer: ReturnType<typeof setTimeout> | undefined;
  #error: StepwiseError | undefined;

  constructor(options: { timeoutMs: number; signal?: AbortSignal | undefined }) {
    this.#timeoutMs = options.timeoutMs;
    this.#callerSignal = options.signal;
    this.#interrupted = new Promise<never>((_resolve, reject) => {
      this.#reject = reject;
    });

    // Whoever races it handles the rejection; nobody may be racing yet.
    this.#interrupted.catch(() => {});

    if (this.#callerSignal?.aborted) this.#onAbort();
    else this.#callerSignal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Aborts the attempt: pass it to fetch or the SDK. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the attempt was interrupted, if it was. */
  get error(): StepwiseError | undefined {
    return this.#error;
  }

  /** Starts (or restarts) the timer; `message` says what ran late. */
  arm(message: string): void {
    this.disarm();
    this.#timer = setTimeout(() => {
      this.#fail(new TimeoutError(message, { timeoutMs: this.#timeoutMs }));
    }, this.#timeoutMs);
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Settles like `promise`, unless the attempt is interrupted first. */
  race<T>(promise: PromiseLike<T>): Promise<T> {
    if (this.#error) return Promise.reject(this.#error);
    return Promise.race([promise, this.#interrupted]);
  }

  /**
   * Ends a finished attempt: stops the timer and forgets the caller's
   * signal. Nothing is aborted, which would cost the SDK a DOMException
   * for a request that is already done.
   */
  release(): void {
    this.disarm();
    this.#callerSignal?.removeEventListener('abort', this.#onAbort);
  }

  /** Ends an attempt that may still be running, cancelling its request. */
  dispose(): void {
    this.release();
    this.#controller.abort();
  }

  readonly #onAbort = (): void => {
    this.#fail(new AbortedError('The run was aborted.', { cause: this.#callerSignal?.reason }));
  };

  #fail(error: StepwiseError): void {
    if (this.#error) return;
    this.#error = error;
    this.disarm();

    // Reject first, so a race settles with this error, not the SDK's.
    this.#reject(error);
    this.#controller.abort(error);
  }
}
