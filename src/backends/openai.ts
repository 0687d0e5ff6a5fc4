import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  Backend,
  BackendCapabilities,
  GenerateRequest,
  GenerateResult,
  StreamEvent,
} from '../core/backend.js';
import { BackendAuthError, InvalidInputError, throwIfAborted } from '../core/errors.js';
import { Deadline } from './deadline.js';
import { withoutCredentials } from '../util/text.js';
import { classifyOpenAIError } from './openai-errors.js';
import { StreamAccumulator, fromCompletion, toRequestBody } from './openai-mapping.js';
import { type RetryEvent, type Sleep, defaultSleep, withRetries } from './retry.js';

/** What the backend reports while it works; only retries so far. */
export type OpenAIBackendEvent = RetryEvent;

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface OpenAIBackendOptions {
  /** The model as the server names it, e.g. `gpt-4o-mini` or `llama3:8b`. */
  model: string;
  /** Server root, e.g. `http://localhost:8000/v1`. Default: OPENAI_BASE_URL, else OpenAI's. */
  baseURL?: string;
  /**
   * Default: OPENAI_API_KEY; with a base URL and no key, a placeholder,
   * since local servers (vLLM, Ollama, llama.cpp) need none.
   */
  apiKey?: string;
  /** Retries after the first attempt, for 429, 5xx and connection errors. Default: 2. */
  maxRetries?: number;
  /** The longest Retry-After honoured; longer fails with RateLimitedError. Default: 30_000. */
  retryCapMs?: number;
  /** Backoff before the first retry, doubling after. Default: 500. */
  initialBackoffMs?: number;
  /** Limit for a whole request, and for each gap between stream chunks. Default: 120_000. */
  timeoutMs?: number;
  /** Default: `globalThis.fetch`, looked up on every call (so msw can patch it later). */
  fetch?: Fetch;
  /** Waits between retries. Default: a timer that stops on abort. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). Default: Math.random. */
  random?: () => number;
  /** Where the defaults come from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Called with each event, e.g. before a retry. Default: none. */
  onEvent?: (event: OpenAIBackendEvent) => void;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

// The SDK logs to the console by default (and OPENAI_LOG raises it); a library must not.
const silentLogger = { error() {}, warn() {}, info() {}, debug() {} };

/** Any OpenAI-compatible chat completions server: OpenAI, vLLM, Ollama, llama.cpp. */
export class OpenAIBackend implements Backend {
  readonly id: string;
  readonly capabilities: BackendCapabilities = {
    streaming: true,
    tools: true,
    logprobs: true,
    n: true,
    seed: true,
    chat: true,
  };
  readonly model: string;
  readonly baseURL: string;
  readonly #client: OpenAI;
  readonly #options: OpenAIBackendOptions;
  readonly #timeoutMs: number;

  constructor(options: OpenAIBackendOptions) {
    if (!options.model.trim()) {
      throw new InvalidInputError('The OpenAI backend needs a model, e.g. openai:gpt-4o-mini.');
    }

    const env = options.env ?? process.env;
    const baseURL = options.baseURL || env['OPENAI_BASE_URL'] || undefined;
    const apiKey = options.apiKey || env['OPENAI_API_KEY'] || (baseURL ? 'not-needed' : undefined);
    if (apiKey === undefined) {
      throw new BackendAuthError(
        'No OpenAI API key: set OPENAI_API_KEY, or use --base-url for a local server.',
      );
    }

    this.model = options.model;
    this.baseURL = (baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.id = `openai:${this.model}`;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 120_000;

    const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#client = new OpenAI({
      apiKey,
      baseURL: this.baseURL,
      fetch,
      // Retries are ours: the SDK's cannot cap Retry-After or report events.
      maxRetries: 0,
      timeout: Math.max(1, Math.ceil(this.#timeoutMs)),
      logger: silentLogger,
      logLevel: 'off',
    });
  }

  async identity(): Promise<string> {
    return `openai|${this.baseURL}|${this.model}`;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    throwIfAborted(request.signal);
    const body = toRequestBody(this.model, request);

    const { value, deadline } = await this.#retrying(request.signal, (deadline) =>
      deadline.race(this.#client.chat.completions.create(body, { signal: deadline.signal })),
    );
    deadline.release();
    return fromCompletion(value, this.model);
  }

  async *stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    throwIfAborted(request.signal);
    const body = {
      ...toRequestBody(this.model, request),
      stream: true as const,
      stream_options: { include_usage: true },
    };

    // Only failures before the first chunk are retried: after it, text is out.
    const { value, deadline } = await this.#retrying(request.signal, async (deadline) => {
      const stream = await deadline.race(
        this.#client.chat.completions.create(body, { signal: deadline.signal }),
      );
      const iterator = stream[Symbol.asyncIterator]();
      return { iterator, first: await deadline.race(iterator.next()) };
    });

    const accumulator = new StreamAccumulator(request.n ?? 1);
    let drained = false;
    try {
      let next: IteratorResult<ChatCompletionChunk> = value.first;
      while (!next.done) {
        for (const delta of accumulator.add(next.value)) yield { type: 'text-delta', ...delta };

        // Armed only while waiting, so a slow consumer never trips it.
        deadline.arm(
          `The stream from ${withoutCredentials(this.baseURL)} stalled for ${this.#timeoutMs} ms.`,
        );
        next = await deadline.race(value.iterator.next());
        deadline.disarm();
      }

      // The SDK ends a stream quietly when aborted; that is no finish.
      if (deadline.error) throw deadline.error;
      drained = true;
    } catch (thrown) {
      throw classifyOpenAIError(deadline.error ?? thrown, this.#errorContext()).error;
    } finally {
      // A stream the consumer left early still holds its connection.
      if (drained) deadline.release();
      else deadline.dispose();
    }

    yield { type: 'finish', result: accumulator.result(this.model) };
  }

  /**
   * Runs `attempt` under the retry policy, each try with a fresh deadline
   * armed for the whole request. Returns the successful try's deadline,
   * still live, for the caller to dispose.
   */
  async #retrying<T>(
    signal: AbortSignal | undefined,
    attempt: (deadline: Deadline) => Promise<T>,
  ): Promise<{ value: T; deadline: Deadline }> {
    const options = this.#options;
    return withRetries(
      async () => {
        const deadline = new Deadline({ timeoutMs: this.#timeoutMs, signal });
        deadline.arm(
          `No response from ${withoutCredentials(this.baseURL)} within ${this.#timeoutMs} ms.`,
        );
        try {
          const value = await attempt(deadline);
          deadline.disarm();
          return { value, deadline };
        } catch (thrown) {
          deadline.dispose();

          // Our abort or timeout explains whatever the SDK threw after it.
          throw deadline.error ?? thrown;
        }
      },
      {
        classify: (thrown) => classifyOpenAIError(thrown, this.#errorContext()),
        maxRetries: options.maxRetries ?? 2,
        retryCapMs: options.retryCapMs ?? 30_000,
        initialBackoffMs: options.initialBackoffMs ?? 500,
        random: options.random ?? Math.random,
        sleep: options.sleep ?? defaultSleep,
        ...(signal && { signal }),
        ...(options.onEvent && { onRetry: options.onEvent }),
      },
    );
  }

  #errorContext(): { baseURL: string; model: string; timeoutMs: number } {
    return {
      baseURL: withoutCredentials(this.baseURL),
      model: this.model,
      timeoutMs: this.#timeoutMs,
    };
  }
}

/** Makes a backend for any OpenAI-compatible server; see OpenAIBackendOptions. */
export function createOpenAIBackend(options: OpenAIBackendOptions): OpenAIBackend {
  return new OpenAIBackend(options);
}
