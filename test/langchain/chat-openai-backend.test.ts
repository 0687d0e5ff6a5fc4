/**
 * The LangChain backend over a real ChatOpenAI, against an msw mock of the
 * chat completions endpoint. The model is made after `server.listen()`:
 * the OpenAI client captures `fetch` when constructed.
 */
import { ChatOpenAI, type ChatOpenAIFields } from '@langchain/openai';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Message, StreamEvent } from '../../src/core/backend.js';
import { fromChatModel } from '../../src/langchain/index.js';

const BASE_URL = 'http://llm.test/v1';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function model(fields: ChatOpenAIFields = {}) {
  return new ChatOpenAI({
    model: 'gpt-test',
    apiKey: 'sk-test-secret',
    maxRetries: 0,
    configuration: { baseURL: BASE_URL },
    ...fields,
  });
}

/** Answers with each reply in turn, recording request bodies. */
function respond(...replies: (() => Response)[]) {
  const bodies: Record<string, unknown>[] = [];
  server.use(
    http.post(`${BASE_URL}/chat/completions`, async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      const reply = replies[Math.min(bodies.length, replies.length) - 1];
      if (!reply) throw new Error('no reply scripted');
      return reply();
    }),
  );
  return bodies;
}

function completion(message: Record<string, unknown>, finish = 'stop') {
  return () =>
    HttpResponse.json({
      id: 'cmpl-1',
      object: 'chat.completion',
      created: 0,
      model: 'served-model',
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
}

const encoder = new TextEncoder();

function sse(payloads: unknown[]) {
  return () =>
    new HttpResponse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const payload of payloads) {
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(payload)}\n\n`));
          }
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        },
      }),
      { headers: { 'Content-Type': 'text/event-stream' } },
    );
}

function chunk(delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) {
  return {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'served-model',
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage !== undefined && { usage }),
  };
}

const ADD_TOOL = {
  name: 'add',
  description: 'Adds two numbers.',
  parameters: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
};

describe('LangChainBackend over ChatOpenAI (msw)', () => {
  it('generates text with usage, model name and stop forwarded', async () => {
    const bodies = respond(completion({ content: 'Answer: 4' }));
    const backend = fromChatModel(model({ temperature: 0.2 }));
    const result = await backend.generate({ prompt: '2+2?', stop: ['\n\n'] });

    expect(result).toEqual({
      choices: [{ text: 'Answer: 4', finishReason: 'stop' }],
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      model: 'served-model',
    });
    expect(bodies[0]).toMatchObject({
      model: 'gpt-test',
      temperature: 0.2,
      stop: ['\n\n'],
      messages: [{ role: 'user', content: '2+2?' }],
    });
    expect(backend.id).toBe('langchain:openai:gpt-test');
  });

  it('round-trips a native tool call', async () => {
    const bodies = respond(
      completion(
        {
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'add', arguments: '{"a":1,"b":2}' },
            },
          ],
        },
        'tool_calls',
      ),
      completion({ content: 'The sum is 3.' }),
    );
    const backend = fromChatModel(model());
    const messages: Message[] = [{ role: 'user', content: 'What is 1 + 2?' }];

    const first = await backend.generate({ messages, tools: [ADD_TOOL] });
    const call = first.choices[0]?.toolCalls?.[0];
    expect(first.choices[0]?.finishReason).toBe('tool-calls');
    expect(call).toEqual({ id: 'call_1', name: 'add', arguments: '{"a":1,"b":2}' });
    expect(bodies[0]?.['tools']).toEqual([
      {
        type: 'function',
        function: {
          name: 'add',
          description: 'Adds two numbers.',
          parameters: ADD_TOOL.parameters,
        },
      },
    ]);

    messages.push(
      { role: 'assistant', content: '', toolCalls: call ? [call] : [] },
      { role: 'tool', content: '3', toolCallId: 'call_1' },
    );
    const second = await backend.generate({ messages, tools: [ADD_TOOL] });
    expect(second.choices[0]?.text).toBe('The sum is 3.');
    expect(bodies[1]?.['messages']).toEqual([
      { role: 'user', content: 'What is 1 + 2?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } },
        ],
      },
      { role: 'tool', content: '3', tool_call_id: 'call_1' },
    ]);
  });

  it('streams text deltas and streamed tool-call arguments, with usage', async () => {
    const bodies = respond(
      sse([
        chunk({ role: 'assistant', content: 'Adding' }),
        chunk({ content: ' now.' }),
        chunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_7',
              type: 'function',
              function: { name: 'add', arguments: '{"a":' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '5,"b":6}' } }] }),
        chunk({}, 'tool_calls'),
        chunk({}, null, { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 }),
      ]),
    );
    const events: StreamEvent[] = [];
    for await (const event of fromChatModel(model()).stream({ prompt: 'q', tools: [ADD_TOOL] })) {
      events.push(event);
    }
    const text = events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish event');

    expect(text).toBe('Adding now.');
    expect(finish.result.choices[0]).toEqual({
      text: 'Adding now.',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'call_7', name: 'add', arguments: '{"a":5,"b":6}' }],
    });
    expect(finish.result.usage).toEqual({ promptTokens: 9, completionTokens: 5, totalTokens: 14 });
    expect(bodies[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('maps HTTP failures to stepwise errors', async () => {
    const failing = (status: number) => () =>
      HttpResponse.json({ error: { message: `status ${status}`, type: 'error' } }, { status });

    respond(failing(401));
    await expect(fromChatModel(model()).generate({ prompt: 'q' })).rejects.toMatchObject({
      name: 'BackendAuthError',
      code: 'backend-auth',
    });

    respond(failing(429));
    await expect(fromChatModel(model()).generate({ prompt: 'q' })).rejects.toMatchObject({
      name: 'RateLimitedError',
      retryable: true,
    });

    respond(() =>
      HttpResponse.json(
        { error: { message: "This model's maximum context length is 8 tokens.", type: 'error' } },
        { status: 400 },
      ),
    );
    await expect(fromChatModel(model()).generate({ prompt: 'q' })).rejects.toMatchObject({
      name: 'ContextLengthError',
    });

    respond(failing(500));
    await expect(fromChatModel(model()).generate({ prompt: 'q' })).rejects.toMatchObject({
      name: 'BackendError',
      status: 500,
    });
  });

  it('keeps the API key out of its identity', async () => {
    const identity = await fromChatModel(model({ temperature: 0 })).identity();
    expect(identity).toContain('langchain|openai|');
    expect(identity).toContain('"baseURL":"http://llm.test/v1"');
    expect(identity).toContain('"model":"gpt-test"');
    expect(identity).not.toContain('sk-test-secret');
  });
});
