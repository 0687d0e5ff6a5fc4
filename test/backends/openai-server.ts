/**
 * A mock OpenAI-compatible server (msw) and a backend wired to it, shared by
 * the OpenAI backend tests. SSE bodies are written by hand so that tests can
 * shape, split and stall them.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { StreamEvent } from '../../src/core/backend.js';
import {
  type OpenAIBackendEvent,
  type OpenAIBackendOptions,
  createOpenAIBackend,
} from '../../src/backends/openai.js';

export const BASE_URL = 'http://llm.test/v1';
export const ENDPOINT = `${BASE_URL}/chat/completions`;

export const server = setupServer();

/** Starts the mock server around the calling test file. */
export function useMockServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

/** A backend against the mock server, recording waits and events. */
export function setup(options: Partial<OpenAIBackendOptions> = {}) {
  const waits: number[] = [];
  const events: OpenAIBackendEvent[] = [];
  const backend = createOpenAIBackend({
    model: 'test-model',
    baseURL: BASE_URL,
    env: {},
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { backend, waits, events };
}

/** Answers with each reply in turn, recording request bodies and headers. */
export function respond(...replies: (() => Response | Promise<Response>)[]) {
  const bodies: Record<string, unknown>[] = [];
  const headers: Headers[] = [];
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      headers.push(request.headers);
      const reply = replies[Math.min(bodies.length, replies.length) - 1];
      if (!reply) throw new Error('no reply scripted');
      return reply();
    }),
  );
  return { bodies, headers };
}

export function completion(choices: unknown[], extra: Record<string, unknown> = {}) {
  return () =>
    HttpResponse.json({
      id: 'cmpl-1',
      object: 'chat.completion',
      created: 0,
      model: 'served-model',
      choices,
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      ...extra,
    });
}

export function textChoice(text: string, index = 0, finish = 'stop') {
  return { index, message: { role: 'assistant', content: text }, finish_reason: finish };
}

export function apiError(status: number, message: string, init: ResponseInit = {}, code?: string) {
  return () =>
    HttpResponse.json(
      { error: { message, type: 'error', code: code ?? null } },
      { status, ...init },
    );
}

const encoder = new TextEncoder();

/** An SSE body from hand-written `data:` payloads; `stall` never ends it. */
export function sse(payloads: string[], { stall = false } = {}) {
  return () =>
    new HttpResponse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const payload of payloads)
            controller.enqueue(encoder.encode(`data: ${payload}\n\n`));
          if (stall) return;
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        },
      }),
      { headers: { 'Content-Type': 'text/event-stream' } },
    );
}

export function chunk(choices: unknown[], extra = ''): string {
  return `{"id":"c1","object":"chat.completion.chunk","created":0,"model":"served-model","choices":${JSON.stringify(choices)}${extra}}`;
}

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
