import type {
  Backend,
  BackendCapabilities,
  GenerateRequest,
  GenerateResult,
  StreamEvent,
} from '../../../src/core/backend.js';
import { AbortedError } from '../../../src/core/errors.js';
import { makeUsage } from '../../../src/core/usage.js';
import { ScriptedBackend, type Script } from '../../../src/backends/scripted.js';
import { type OpenAIAppOptions, createOpenAIApp } from '../../../src/server/openai/app.js';
import { type ServedBackend, servedModels } from '../../../src/server/openai/models.js';

/** Replies that the tests below count tokens of: the scripted backend counts words and marks. */
export const SCRIPT: Script = {
  rules: [
    { match: '17 * 23', reply: 'Seventeen twenties are 340, plus 51.\nAnswer: 391' },
    { match: 'count', reply: 'one two three four' },
  ],
  default: 'Hello there, friend.',
};

/** 2026-12-03T12:00:00Z, so `created` is exact. */
export const NOW = Date.UTC(2026, 11, 3, 12);
export const CREATED = NOW / 1000;

/** An app over one scripted backend named `scripted`, with a fixed clock and ids. */
export function scriptedApp(
  script: Script = SCRIPT,
  extra: ServedBackend[] = [],
  options: Partial<OpenAIAppOptions> = {},
) {
  const backend = new ScriptedBackend({ script });
  let count = 0;
  const app = createOpenAIApp({
    models: servedModels([{ id: 'scripted', backend }, ...extra]),
    now: () => NOW,
    newId: () => `test${++count}`,
    ...options,
  });
  return { app, backend };
}

export interface ProbeBackend extends Backend {
  /** Requests received, in order. */
  readonly requests: GenerateRequest[];
  /** Resolves when a request's signal aborts. */
  readonly aborted: Promise<void>;
}

/**
 * A backend whose stream sends `deltas`, then either fails with `error`,
 * waits until the request is aborted (`hang`, which also holds generate), or finishes.
 */
export function probeBackend(
  options: { deltas?: string[]; error?: unknown; hang?: boolean; generateError?: unknown } = {},
): ProbeBackend {
  const requests: GenerateRequest[] = [];
  let markAborted: () => void = () => {};
  const aborted = new Promise<void>((resolve) => (markAborted = resolve));
  const capabilities: BackendCapabilities = {
    streaming: true,
    tools: false,
    logprobs: false,
    n: false,
    seed: false,
    chat: true,
  };
  const result = (text: string): GenerateResult => ({
    choices: [{ text, finishReason: 'stop' }],
    usage: makeUsage(3, 2),
    model: 'probe',
  });

  const record = (request: GenerateRequest) => {
    requests.push(request);
    request.signal?.addEventListener('abort', () => markAborted(), { once: true });
  };
  const untilAborted = (signal: AbortSignal | undefined) =>
    new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));

  return {
    id: 'probe',
    capabilities,
    requests,
    aborted,
    identity: async () => 'probe',
    async generate(request) {
      record(request);
      if (options.generateError !== undefined) throw options.generateError;
      if (options.hang) {
        await untilAborted(request.signal);
        throw new AbortedError();
      }
      return result((options.deltas ?? []).join(''));
    },
    async *stream(request): AsyncIterable<StreamEvent> {
      record(request);
      for (const text of options.deltas ?? []) yield { type: 'text-delta', choice: 0, text };
      if (options.error !== undefined) throw options.error;
      if (options.hang) {
        await untilAborted(request.signal);
        throw new AbortedError();
      }
      yield { type: 'finish', result: result((options.deltas ?? []).join('')) };
    },
  };
}

/** The JSON payloads of an SSE body, with `[DONE]` kept as the string. */
export function parseSse(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((event) => event.trim() !== '')
    .map((event) => {
      if (!event.startsWith('data: ')) throw new Error(`Not an SSE data event: ${event}`);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
    });
}

/** POSTs a JSON body to /v1/chat/completions of an in-process app. */
export function postChat(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  body: unknown,
) {
  return app.request('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
