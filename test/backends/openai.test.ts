import { HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import type { GenerateRequest } from '../../src/core/backend.js';
import {
  AbortedError,
  BackendAuthError,
  BackendError,
  ContextLengthError,
  RateLimitedError,
  TimeoutError,
} from '../../src/core/errors.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import {
  apiError,
  chunk,
  collect,
  completion,
  respond,
  setup,
  sse,
  textChoice,
  useMockServer,
} from './openai-server.js';

useMockServer();

describe('OpenAIBackend: generate', () => {
  it('sends a prompt as one user message and maps text, finish reason and usage', async () => {
    const { bodies, headers } = respond(completion([textChoice('Paris')]));
    const { backend } = setup();

    const result = await backend.generate({ prompt: 'Capital of France?' });

    expect(result).toEqual({
      choices: [{ text: 'Paris', finishReason: 'stop' }],
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      model: 'served-model',
    });
    expect(bodies[0]?.['messages']).toEqual([{ role: 'user', content: 'Capital of France?' }]);
    expect(bodies[0]?.['model']).toBe('test-model');
    expect(headers[0]?.get('authorization')).toBe('Bearer not-needed');
  });

  it('carries sampling options in the body as given, and omits unset ones', async () => {
    const { bodies } = respond(completion([textChoice('ok')]));
    const { backend } = setup();

    await backend.generate({
      prompt: 'x',
      temperature: 0.7,
      topP: 0.9,
      maxTokens: 64,
      stop: ['\n\n', 'END'],
      seed: 42,
    });

    expect(bodies[0]).toMatchObject({
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 64,
      stop: ['\n\n', 'END'],
      seed: 42,
    });
    expect(bodies[0]).not.toHaveProperty('n');
    expect(bodies[0]).not.toHaveProperty('tools');
    expect(bodies[0]).not.toHaveProperty('logprobs');
    expect(bodies[0]).not.toHaveProperty('stream');
  });

  it('returns two choices for n=2', async () => {
    const { bodies } = respond(completion([textChoice('B', 1), textChoice('A', 0, 'length')]));
    const { backend } = setup();

    const result = await backend.generate({ prompt: 'x', n: 2 });

    expect(bodies[0]?.['n']).toBe(2);
    expect(result.choices).toEqual([
      { text: 'A', finishReason: 'length' },
      { text: 'B', finishReason: 'stop' },
    ]);
  });

  it('sends tools as function tools and maps tool calls back', async () => {
    const call = {
      id: 'call_1',
      type: 'function',
      function: { name: 'add', arguments: '{"a":1}' },
    };
    const { bodies } = respond(
      completion([
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [call] },
          finish_reason: 'tool_calls',
        },
      ]),
    );
    const { backend } = setup();
    const parameters = { type: 'object', properties: { a: { type: 'number' } } };

    const result = await backend.generate({
      prompt: 'add',
      tools: [{ name: 'add', description: 'Adds.', parameters }],
    });

    expect(bodies[0]?.['tools']).toEqual([
      { type: 'function', function: { name: 'add', description: 'Adds.', parameters } },
    ]);
    expect(result.choices[0]).toEqual({
      text: '',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'call_1', name: 'add', arguments: '{"a":1}' }],
    });
  });
});

describe('OpenAIBackend: stream', () => {
  it('handles empty-choice opener, deltas, finish chunk and usage-only closer', async () => {
    const { bodies } = respond(
      sse([
        chunk([]),
        chunk([{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }]),
        chunk([{ index: 0, delta: { content: 'lo' }, finish_reason: null }]),
        chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
        chunk([], ',"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}'),
      ]),
    );
    const { backend } = setup();

    const events = await collect(backend.stream({ prompt: 'Say hello' }));

    const deltas = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : []));
    expect(deltas).toEqual(['Hel', 'lo']);
    expect(events).toHaveLength(3);
    const finish = events.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.result.choices).toEqual([{ text: 'Hello', finishReason: 'stop' }]);
    expect(finish.result.usage).toEqual({ promptTokens: 5, completionTokens: 2, totalTokens: 7 });
    expect(bodies[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('fails with TimeoutError when the stream stalls after its first chunk', async () => {
    respond(sse([chunk([{ index: 0, delta: { content: 'Hel' } }])], { stall: true }));
    const { backend } = setup({ timeoutMs: 200 });
    const texts: string[] = [];
    const started = Date.now();

    const run = async () => {
      for await (const event of backend.stream({ prompt: 'x' })) {
        if (event.type === 'text-delta') texts.push(event.text);
      }
    };

    await expect(run()).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(texts).toEqual(['Hel']);
  });
});

describe('OpenAIBackend: errors and retries', () => {
  it('waits the Retry-After of a 429, then succeeds on the second request', async () => {
    const { bodies } = respond(
      apiError(429, 'slow down', { headers: { 'Retry-After': '1' } }),
      completion([textChoice('ok')]),
    );
    const { backend, waits, events } = setup();

    const result = await backend.generate({ prompt: 'x' });

    expect(bodies).toHaveLength(2);
    expect(result.choices[0]?.text).toBe('ok');
    expect(waits).toEqual([1000]);
    expect(events).toEqual([{ type: 'retry', attempt: 1, waitMs: 1000, status: 429 }]);
  });

  it('gives up after three 500s with maxRetries 2, with status 500', async () => {
    const { bodies } = respond(apiError(500, 'internal'));
    const { backend, waits } = setup({ maxRetries: 2 });

    const error = await backend.generate({ prompt: 'x' }).catch((thrown: unknown) => thrown);

    expect(bodies).toHaveLength(3);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ status: 500 });
    expect(waits).toEqual([500, 1000]);
  });

  it('fails a 400 context-length error at once with ContextLengthError', async () => {
    const message =
      "This model's maximum context length is 4096 tokens. However, your messages resulted in 5000 tokens.";
    const { bodies } = respond(apiError(400, message, {}, 'context_length_exceeded'));
    const { backend, waits } = setup();

    const error = await backend.generate({ prompt: 'x' }).catch((thrown: unknown) => thrown);

    expect(bodies).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(error).toBeInstanceOf(ContextLengthError);
    expect(error).toMatchObject({ contextLength: 4096, promptTokens: 5000, status: 400 });
  });

  it('fails a 401 at once with BackendAuthError', async () => {
    const { bodies } = respond(apiError(401, 'Incorrect API key provided'));
    const { backend } = setup({ apiKey: 'sk-wrong' });

    await expect(backend.generate({ prompt: 'x' })).rejects.toBeInstanceOf(BackendAuthError);
    expect(bodies).toHaveLength(1);
  });

  it('throws RateLimitedError at once when Retry-After exceeds the cap', async () => {
    const { bodies } = respond(apiError(429, 'later', { headers: { 'Retry-After': '120' } }));
    const { backend, waits } = setup({ retryCapMs: 30_000 });

    const error = await backend.generate({ prompt: 'x' }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 120_000, status: 429 });
    expect(bodies).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('fails with AbortedError when aborted mid-request, without retrying', async () => {
    const { bodies } = respond(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const { backend, waits } = setup();
    const controller = new AbortController();
    const request: GenerateRequest = { prompt: 'x', signal: controller.signal };

    setTimeout(() => controller.abort(), 50);

    await expect(backend.generate(request)).rejects.toBeInstanceOf(AbortedError);
    expect(bodies).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('OpenAIBackend: credentials in the base URL', () => {
  it('keeps them out of error messages', async () => {
    const backend = createOpenAIBackend({
      model: 'm',
      baseURL: 'http://user:s3cret@127.0.0.1:9/v1',
      maxRetries: 0,
      env: {},
    });
    const failure = await backend.generate({ prompt: 'hi' }).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:9\/v1 /);
    expect(failure?.message).not.toContain('s3cret');
    expect(failure?.message).not.toContain('user:');
  });
});

describe('OpenAIBackend: construction', () => {
  it('needs a key when no base URL is set', () => {
    expect(() => createOpenAIBackend({ model: 'gpt-4o-mini', env: {} })).toThrow(BackendAuthError);
    expect(() => createOpenAIBackend({ model: 'gpt-4o-mini', env: {} })).toThrow(/OPENAI_API_KEY/);
  });

  it('takes base URL and key from the environment, and names itself', async () => {
    const backend = createOpenAIBackend({
      model: 'llama3:8b',
      env: { OPENAI_BASE_URL: 'http://localhost:11434/v1/', OPENAI_API_KEY: 'sk-env' },
    });

    expect(backend.id).toBe('openai:llama3:8b');
    expect(await backend.identity()).toBe('openai|http://localhost:11434/v1|llama3:8b');
    expect(backend.capabilities).toEqual({
      streaming: true,
      tools: true,
      logprobs: true,
      n: true,
      seed: true,
      chat: true,
    });
  });

  it('defaults to the OpenAI API when a key is set', async () => {
    const backend = createOpenAIBackend({ model: 'gpt-4o-mini', env: { OPENAI_API_KEY: 'sk' } });

    expect(await backend.identity()).toBe('openai|https://api.openai.com/v1|gpt-4o-mini');
  });
});

describe('OpenAIBackend: replies that are not replies', () => {
  it('a 200 HTML page (a wrong base URL) is a BackendError, not an empty answer', async () => {
    respond(
      () =>
        new HttpResponse('<html><body>Welcome</body></html>', {
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const { backend } = setup();
    await expect(backend.generate({ prompt: 'x' })).rejects.toThrow(/OpenAI-compatible.*base URL/);
  });

  it('an empty choices list is a BackendError', async () => {
    respond(completion([]));
    const { backend } = setup();
    await expect(backend.generate({ prompt: 'x' })).rejects.toBeInstanceOf(BackendError);
  });

  it('a stream that ends with no finish reason is a BackendError', async () => {
    respond(sse([chunk([{ index: 0, delta: { content: 'Hel' }, finish_reason: null }])]));
    const { backend } = setup();
    await expect(collect(backend.stream({ prompt: 'x' }))).rejects.toThrow(
      /before the reply finished/,
    );
  });
});
