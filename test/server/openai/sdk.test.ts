import OpenAI, { APIError, BadRequestError, NotFoundError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError, RateLimitedError } from '../../../src/core/errors.js';
import { type Listening, listen } from '../../../src/server/listen.js';
import { type ProbeBackend, probeBackend, scriptedApp } from './support.js';

// A real listening server on a free port, answered by the official SDK.
let server: Listening;
let client: OpenAI;
let hanging: ProbeBackend;
let stuck: ProbeBackend;

beforeAll(async () => {
  hanging = probeBackend({ deltas: ['Hel'], hang: true });
  stuck = probeBackend({ hang: true });
  const { app } = scriptedApp(undefined, [
    { id: 'hanging', backend: hanging },
    { id: 'stuck', backend: stuck },
    { id: 'broken', backend: probeBackend({ deltas: ['Hel'], error: new BackendError('reset') }) },
    {
      id: 'limited',
      backend: probeBackend({ generateError: new RateLimitedError('Slow down.') }),
    },
  ]);
  server = await listen(app.fetch, { port: 0 });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(() => server.close());

const question = [{ role: 'user' as const, content: 'What is 17 * 23?' }];

describe('the openai SDK against stepwise serve', () => {
  it('binds to 127.0.0.1 on the port it picked', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('lists and retrieves models', async () => {
    const page = await client.models.list();
    const model = await client.models.retrieve('cot+scripted');

    expect(page.data.map((entry) => entry.id).slice(0, 5)).toEqual([
      'scripted',
      'hanging',
      'stuck',
      'broken',
      'limited',
    ]);
    expect(page.data).toHaveLength(5 * 7);
    expect(model.id).toBe('cot+scripted');
    expect(model.owned_by).toBe('stepwise');
  });

  it('creates a completion with its usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'count to four' }],
      max_completion_tokens: 50,
    });

    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toBe('chatcmpl-test1');
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'one two three four',
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it('streams a completion, ending with a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'count to four' }],
      stream: true,
      stream_options: { include_usage: true },
    });

    let text = '';
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]) finishes.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }

    expect(text).toBe('one two three four');
    expect(finishes).toEqual([null, null, null, null, null, 'stop']);
    expect(usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it('answers from a reasoner model with its reasoning as reasoning_content', async () => {
    const completion = await client.chat.completions.create({
      model: 'cot+scripted',
      messages: question,
    });
    const stream = await client.chat.completions.create({
      model: 'cot+scripted',
      messages: question,
      stream: true,
    });
    let content = '';
    let reasoning = '';
    for await (const chunk of stream) {
      const delta: { content?: string | null; reasoning_content?: string } =
        chunk.choices[0]?.delta ?? {};
      content += delta.content ?? '';
      reasoning += delta.reasoning_content ?? '';
    }

    const message: { content: string | null; reasoning_content?: string } = completion.choices[0]
      ?.message ?? { content: null };
    expect(message.content).toBe('391');
    expect(message.reasoning_content).toBe('Seventeen twenties are 340, plus 51.');
    expect(content).toBe('391');
    expect(reasoning).toBe('Seventeen twenties are 340, plus 51.');
  });

  it('raises the SDK error classes for 400, 404 and 429', async () => {
    const bad = client.chat.completions.create({
      model: 'scripted',
      messages: question,
      temperature: 5,
    });
    const missing = client.chat.completions.create({ model: 'gpt-4o', messages: question });
    const limited = client.chat.completions.create({ model: 'limited', messages: question });

    await expect(bad).rejects.toBeInstanceOf(BadRequestError);
    await expect(bad).rejects.toMatchObject({ status: 400, param: 'temperature' });
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toMatchObject({ code: 'model_not_found' });
    await expect(limited).rejects.toBeInstanceOf(RateLimitError);
  });

  it('raises an error sent in the middle of a stream', async () => {
    const stream = await client.chat.completions.create({
      model: 'broken',
      messages: question,
      stream: true,
    });
    const seen: string[] = [];

    const reading = (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })();

    await expect(reading).rejects.toBeInstanceOf(APIError);
    await expect(reading).rejects.toThrow('The backend failed: reset');
    expect(seen).toEqual(['', 'Hel']);
  });

  it('aborts the backend request when the client cancels the stream', async () => {
    const stream = await client.chat.completions.create({
      model: 'hanging',
      messages: question,
      stream: true,
    });
    const first: string[] = [];

    for await (const chunk of stream) {
      first.push(chunk.choices[0]?.delta.content ?? '');
      if (first.length === 2) break;
    }

    // Leaving the loop cancels the response; the server sees the socket close.
    await hanging.aborted;
    expect(first).toEqual(['', 'Hel']);
    expect(hanging.requests.at(-1)?.signal?.aborted).toBe(true);
  });

  it('aborts a reasoner run when the client of a whole reply goes away', async () => {
    const controller = new AbortController();
    const reply = client.chat.completions.create(
      { model: 'cot+stuck', messages: question },
      { signal: controller.signal },
    );

    // The run is waiting on its first backend call when the client leaves.
    while (stuck.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();

    await expect(reply).rejects.toThrow('Request was aborted.');
    await stuck.aborted;
    expect(stuck.requests[0]?.signal?.aborted).toBe(true);
  });
});
