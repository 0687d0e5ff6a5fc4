import { describe, expect, it, vi } from 'vitest';
import { BackendError, RateLimitedError, TimeoutError } from '../../../src/core/errors.js';
import { requestMessages } from '../../../src/core/backend.js';
import { CREATED, parseSse, postChat, probeBackend, scriptedApp } from './support.js';

const hello = [{ role: 'user', content: 'Say hi' }];
const tokens = (text: string) => text.match(/\w+|[^\s\w]/g)?.length ?? 0;
const promptTokensOf = (messages: { content: string }[]) =>
  tokens(messages.map((message) => message.content).join('\n'));

describe('GET /v1/models', () => {
  it('lists the backends first, then each chat reasoner on each backend', async () => {
    const { app } = scriptedApp(undefined, [{ id: 'other', backend: probeBackend() }]);

    const response = await app.request('/v1/models');

    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: { id: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.id)).toEqual([
      'scripted',
      'other',
      ...['direct', 'cot', 'self-consistency', 'react', 'tot', 'reflexion'].map(
        (name) => `${name}+scripted`,
      ),
      ...['direct', 'cot', 'self-consistency', 'react', 'tot', 'reflexion'].map(
        (name) => `${name}+other`,
      ),
    ]);
    expect(body.data[0]).toEqual({
      id: 'scripted',
      object: 'model',
      created: CREATED,
      owned_by: 'stepwise',
    });
  });

  it('returns one model by id, even an id with colons and slashes', async () => {
    const { app } = scriptedApp(undefined, [{ id: 'openai:org/model', backend: probeBackend() }]);

    const response = await app.request(`/v1/models/${encodeURIComponent('cot+openai:org/model')}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'cot+openai:org/model',
      object: 'model',
      created: CREATED,
      owned_by: 'stepwise',
    });
  });

  it('answers 404 model_not_found for a model it does not serve', async () => {
    const { app } = scriptedApp();

    const response = await app.request('/v1/models/likelihood+scripted');

    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error['code']).toBe('model_not_found');
    expect(error['message']).toMatch(
      /^The model 'likelihood\+scripted' does not exist; this server serves scripted, direct\+scripted, cot\+scripted/,
    );
  });
});

describe('POST /v1/chat/completions on a plain backend', () => {
  it('returns a chat.completion with the reply and its usage', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, { model: 'scripted', messages: hello });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'chatcmpl-test1',
      object: 'chat.completion',
      created: CREATED,
      model: 'scripted',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello there, friend.' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 },
    });
  });

  it('passes temperature, top_p, max tokens, stop and n to the backend and ignores unknown fields', async () => {
    const { app, backend } = scriptedApp();

    const response = await postChat(app, {
      model: 'scripted',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Say' },
            { type: 'text', text: 'hi' },
          ],
        },
      ],
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 10,
      max_completion_tokens: 20,
      stop: ',',
      seed: 7,
      n: 2,
      user: 'someone',
      frequency_penalty: 0.1,
      logit_bias: { '50256': -100 },
    });

    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      choices: { index: number; message: { content: string } }[];
    };
    expect(body.choices.map((choice) => [choice.index, choice.message.content])).toEqual([
      [0, 'Hello there'],
      [1, 'Hello there'],
    ]);
    const { signal, ...sent } = backend.requests[0] ?? {};
    expect(signal).toBeInstanceOf(AbortSignal);
    // The scripted backend ignores seeds (capabilities.seed is false), so none is sent.
    expect(sent).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say\nhi' },
      ],
      n: 2,
      temperature: 0.5,
      topP: 0.9,
      maxTokens: 20,
      stop: [','],
    });
  });

  it('passes the seed to a backend that honours one', async () => {
    const probe = probeBackend({ deltas: ['ok'] });
    Object.assign(probe.capabilities, { seed: true });
    const { app } = scriptedApp(undefined, [{ id: 'probe', backend: probe }]);

    await postChat(app, { model: 'probe', messages: hello, seed: 7, stop: null, max_tokens: null });

    expect(probe.requests[0]?.seed).toBe(7);
    expect(probe.requests[0]?.stop).toBeUndefined();
    expect(probe.requests[0]?.maxTokens).toBeUndefined();
  });

  it('streams chunks: a role delta, text deltas, the finish reason, then [DONE]', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, { model: 'scripted', messages: hello, stream: true });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(await response.text());
    const header = {
      id: 'chatcmpl-test1',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'scripted',
    };
    const chunk = (delta: unknown, finish: string | null) => ({
      ...header,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    expect(events).toEqual([
      chunk({ role: 'assistant', content: '' }, null),
      chunk({ content: 'Hello' }, null),
      chunk({ content: ' there,' }, null),
      chunk({ content: ' friend.' }, null),
      chunk({}, 'stop'),
      '[DONE]',
    ]);
  });

  it('ends a stream with a usage chunk when stream_options.include_usage is set', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, {
      model: 'scripted',
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });

    const events = parseSse(await response.text()) as Record<string, unknown>[];
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.at(-2)).toEqual({
      id: 'chatcmpl-test1',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'scripted',
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 },
    });
    // As OpenAI does, every other chunk carries `usage: null`.
    expect(events.slice(0, -2).map((event) => event['usage'])).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('POST /v1/chat/completions on a reasoner', () => {
  const conversation = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'user', content: 'What is 17 * 23?' },
  ];

  it('answers with the final answer as content and the steps as reasoning_content', async () => {
    const { app, backend } = scriptedApp();

    const response = await postChat(app, { model: 'cot+scripted', messages: conversation });

    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    const prompt = requestMessages(backend.requests[0] ?? {});
    expect(body['choices']).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: '391',
          reasoning_content: 'Seventeen twenties are 340, plus 51.',
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    const promptTokens = promptTokensOf(prompt);
    expect(body['usage']).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: 11,
      total_tokens: promptTokens + 11,
    });
    // Earlier turns reach the reasoner as the task's context, one speaker per line.
    const text = prompt.map((message) => message.content).join('\n');
    expect(text).toContain('System: Be brief.\nUser: Hi\nAssistant: Hello.');
    expect(text).toContain('What is 17 * 23?');
  });

  it('streams each step as reasoning_content, then the answer as content', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, {
      model: 'self-consistency+scripted',
      messages: conversation,
      stream: true,
    });

    const events = parseSse(await response.text()) as {
      choices?: { delta: unknown; finish_reason: string | null }[];
    }[];
    const deltas = events.slice(0, -1).map((event) => event.choices?.[0]?.delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '' });
    // Five chains agree on 391 after three votes, so the vote stops early.
    const reasoning = deltas.flatMap((delta) =>
      delta && typeof delta === 'object' && 'reasoning_content' in delta
        ? [delta.reasoning_content]
        : [],
    );
    expect(reasoning).toHaveLength(6);
    expect(reasoning[0]).toBe('Seventeen twenties are 340, plus 51.');
    expect(reasoning[1]).toBe('\n\nEvaluation, vote: 391 (score 1)\nChain 1 votes 391.');
    expect(deltas.at(-2)).toEqual({ content: '391' });
    expect(events.at(-2)?.choices?.[0]?.finish_reason).toBe('stop');
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('cuts the answer at a stop sequence', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, {
      model: 'direct+scripted',
      messages: conversation,
      stop: ['1'],
    });

    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('39');
  });

  it('refuses a conversation that does not end with a user message', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, {
      model: 'cot+scripted',
      messages: [...conversation, { role: 'assistant', content: '391' }],
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message:
          'A reasoner model answers the last message, which must be from the user; here it is from the assistant.',
        type: 'invalid_request_error',
        param: 'messages',
        code: null,
      },
    });
  });

  it('refuses n above 1 and tools, naming the field', async () => {
    const { app } = scriptedApp();

    const many = await postChat(app, { model: 'cot+scripted', messages: hello, n: 2 });
    const tools = await postChat(app, {
      model: 'scripted',
      messages: hello,
      tools: [{ type: 'function', function: { name: 'lookup' } }],
    });

    expect(many.status).toBe(400);
    expect(((await many.json()) as { error: { param: string } }).error.param).toBe('n');
    expect(tools.status).toBe(400);
    expect(((await tools.json()) as { error: { message: string } }).error.message).toBe(
      "'tools' cannot be used with scripted: the scripted backend has no native tool calls; leave them out.",
    );
  });
});

describe('validation', () => {
  const cases: [string, unknown, string, string][] = [
    ['a missing model', { messages: hello }, 'model', "Missing required parameter 'model'."],
    [
      'a model of the wrong type',
      { model: 3, messages: hello },
      'model',
      "Invalid 'model': expected string, received number.",
    ],
    [
      'no messages',
      { model: 'scripted', messages: [] },
      'messages',
      "Invalid 'messages': Too small: expected array to have >=1 items.",
    ],
    [
      'an unknown role',
      { model: 'scripted', messages: [{ role: 'bot', content: 'x' }] },
      'messages[0].role',
      "Invalid 'messages[0].role': Invalid discriminator value. Expected 'system' | 'developer' | 'user' | 'assistant' | 'tool'.",
    ],
    [
      'content that is not text',
      { model: 'scripted', messages: [{ role: 'user', content: [{ type: 'image_url' }] }] },
      'messages[0].content',
      'Invalid \'messages[0].content\': expected a string or an array of {"type": "text", "text": ...} parts.',
    ],
    [
      'a temperature out of range',
      { model: 'scripted', messages: hello, temperature: 3 },
      'temperature',
      "Invalid 'temperature': Too big: expected number to be <=2.",
    ],
    [
      'a fractional max_tokens',
      { model: 'scripted', messages: hello, max_tokens: 1.5 },
      'max_tokens',
      "Invalid 'max_tokens': expected int, received number.",
    ],
    [
      'a stop of the wrong type',
      { model: 'scripted', messages: hello, stop: 5 },
      'stop',
      "Invalid 'stop': expected a string or an array of at most 4 strings.",
    ],
    [
      'a stream flag that is a string',
      { model: 'scripted', messages: hello, stream: 'yes' },
      'stream',
      "Invalid 'stream': expected boolean, received string.",
    ],
    [
      'a tool message without tool_call_id',
      { model: 'scripted', messages: [{ role: 'tool', content: '4' }] },
      'messages[0].tool_call_id',
      "Missing required parameter 'messages[0].tool_call_id'.",
    ],
  ];

  it.each(cases)('answers 400 for %s, naming the field', async (_, body, param, message) => {
    const { app } = scriptedApp();

    const response = await postChat(app, body);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message, type: 'invalid_request_error', param, code: null },
    });
  });

  it('answers 400 for a body that is not JSON or not an object', async () => {
    const { app } = scriptedApp();

    const broken = await postChat(app, '{"model": ');
    const list = await postChat(app, [1, 2]);

    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toBe(
      'The request body is not valid JSON; send a JSON object.',
    );
    expect(list.status).toBe(400);
    expect(((await list.json()) as { error: { message: string } }).error.message).toBe(
      'The request body must be a JSON object with "model" and "messages".',
    );
  });

  it('validates before it looks up the model, then answers 404 for an unknown one', async () => {
    const { app } = scriptedApp();

    const response = await postChat(app, { model: 'gpt-4o', messages: hello });

    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
    expect(error['message']).toBe(
      "The model 'gpt-4o' does not exist; this server serves scripted, direct+scripted, cot+scripted, self-consistency+scripted, react+scripted, tot+scripted, reflexion+scripted.",
    );
  });

  it('answers 413 for a body over the limit, 4 MiB by default', async () => {
    const { app } = scriptedApp();
    const small = scriptedApp(undefined, [], { maxBodyBytes: 100 }).app;
    const content = 'x'.repeat(4 * 1024 * 1024);

    const big = await postChat(app, { model: 'scripted', messages: [{ role: 'user', content }] });
    const over = await postChat(small, {
      model: 'scripted',
      messages: [{ role: 'user', content: 'y'.repeat(100) }],
    });
    const under = await postChat(small, { model: 'scripted', messages: hello });

    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: {
        message: 'The request body is over 4194304 bytes; send a shorter conversation.',
        type: 'invalid_request_error',
        param: null,
        code: 'request_too_large',
      },
    });
    expect(over.status).toBe(413);
    expect(under.status).toBe(200);
  });

  it('answers unknown routes with 404 and wrong methods with 405, as JSON errors', async () => {
    const { app } = scriptedApp();

    const missing = await app.request('/v1/completions', { method: 'POST' });
    const wrong = await app.request('/v1/chat/completions');

    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        message:
          'No route POST /v1/completions; this server answers GET /v1/models, GET /v1/models/{id} and POST /v1/chat/completions.',
        type: 'not_found_error',
        param: null,
        code: 'unknown_url',
      },
    });
    expect(wrong.status).toBe(405);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
      'method_not_allowed',
    );
  });
});

describe('backend failures', () => {
  const failing = (error: unknown) => {
    const probe = probeBackend({ generateError: error, error });
    const onError = vi.fn();
    const { app } = scriptedApp(undefined, [{ id: 'probe', backend: probe }], { onError });
    return { app, onError };
  };

  it('maps a rate limit to 429 with Retry-After', async () => {
    const { app } = failing(new RateLimitedError('Slow down.', { retryAfterMs: 1500 }));

    const response = await postChat(app, { model: 'probe', messages: hello });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({
      error: {
        message: 'Slow down.',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
  });

  it('maps backend failures to 502 and timeouts to 504, streamed or not', async () => {
    const broken = failing(new BackendError('upstream said 500'));
    const slow = failing(new TimeoutError('No reply in 5 ms.', { timeoutMs: 5 }));

    const plain = await postChat(broken.app, { model: 'probe', messages: hello });
    const streamed = await postChat(slow.app, { model: 'probe', messages: hello, stream: true });

    expect(plain.status).toBe(502);
    expect(await plain.json()).toEqual({
      error: {
        message: 'The backend failed: upstream said 500',
        type: 'server_error',
        param: null,
        code: 'backend_error',
      },
    });
    // It failed before the first chunk, so the status can still say so.
    expect(streamed.status).toBe(504);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe(
      'backend_timeout',
    );
  });

  it('answers a failed reasoner run by its error code', async () => {
    const { app } = failing(new BackendError('upstream said 500'));

    const response = await postChat(app, { model: 'cot+probe', messages: hello });

    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'The backend failed: upstream said 500',
    );
  });

  it('answers an unexpected error with 500 server_error, without a stack, and reports it', async () => {
    const { app, onError } = failing(new TypeError('boom'));

    const response = await postChat(app, { model: 'probe', messages: hello });

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { message: 'The server failed: boom', type: 'server_error', param: null, code: null },
    });
    expect(text).not.toContain('at ');
    expect(onError).toHaveBeenCalledWith(new TypeError('boom'));
  });

  it('sends an error that comes after the first chunk as a last data event before [DONE]', async () => {
    const probe = probeBackend({
      deltas: ['Hel', 'lo'],
      error: new BackendError('connection reset'),
    });
    const { app } = scriptedApp(undefined, [{ id: 'probe', backend: probe }]);

    const response = await postChat(app, { model: 'probe', messages: hello, stream: true });

    expect(response.status).toBe(200);
    const events = parseSse(await response.text()) as { choices?: { delta: unknown }[] }[];
    expect(
      events.map((event) =>
        typeof event === 'string' ? event : (event.choices?.[0]?.delta ?? event),
      ),
    ).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hel' },
      { content: 'lo' },
      {
        error: {
          message: 'The backend failed: connection reset',
          type: 'server_error',
          param: null,
          code: 'backend_error',
        },
      },
      '[DONE]',
    ]);
  });

  it('aborts the backend request when the client cancels the stream', async () => {
    const probe = probeBackend({ deltas: ['Hel'], hang: true });
    const { app } = scriptedApp(undefined, [{ id: 'probe', backend: probe }]);

    const response = await postChat(app, { model: 'probe', messages: hello, stream: true });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();

    await probe.aborted;
    expect(probe.requests[0]?.signal?.aborted).toBe(true);
  });
});

describe('requests from web pages', () => {
  it('refuses a Host that is not this machine, and a foreign Origin, with an OpenAI-shaped 403', async () => {
    const { app } = scriptedApp();
    const rebound = new Request('http://evil.example:8000/v1/models', {
      headers: { host: 'evil.example:8000' },
    });
    const response = await app.request(rebound);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(body.error.message).toContain('evil.example:8000');

    const foreign = new Request('http://127.0.0.1:8000/v1/models', {
      headers: { host: '127.0.0.1:8000', origin: 'https://evil.example' },
    });
    expect((await app.request(foreign)).status).toBe(403);
    const local = new Request('http://localhost:8000/v1/models', {
      headers: { host: 'localhost:8000' },
    });
    expect((await app.request(local)).status).toBe(200);
  });
});

describe('request bodies', () => {
  it('refuses a body not sent as JSON, naming the header to send', async () => {
    const { app } = scriptedApp();
    const response = await app.request(
      new Request('http://127.0.0.1/v1/chat/completions', {
        method: 'POST',
        headers: { host: '127.0.0.1', 'content-type': 'text/plain' },
        body: JSON.stringify({ model: 'scripted', messages: hello }),
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error).toEqual(
      expect.objectContaining({
        type: 'invalid_request_error',
        message: 'Send the body as JSON, with the header content-type: application/json.',
      }),
    );
  });

  it('samples several choices at temperature 1 when the client sets none, as OpenAI does', async () => {
    const { app, backend } = scriptedApp();
    await postChat(app, { model: 'scripted', messages: hello, n: 2 });
    await postChat(app, { model: 'scripted', messages: hello });
    expect(backend.requests[0]?.temperature).toBe(1);
    // One choice keeps the backend's own default.
    expect(backend.requests[1]?.temperature).toBeUndefined();
  });
});
