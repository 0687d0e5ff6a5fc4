import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/backends/spec.js';
import type { Backend } from '../../../src/core/backend.js';
import { createOpenAIApp } from '../../../src/server/openai/app.js';
import { servedModels } from '../../../src/server/openai/models.js';
import { type Listening, listen } from '../../../src/server/listen.js';

// The embedded model for real: shape and usage, never content (test/models checks what it says).
let backend: Backend;
let server: Listening;
let client: OpenAI;

beforeAll(async () => {
  backend = await createBackend('local');
  const app = createOpenAIApp({ models: servedModels([{ id: 'local', backend }]) });
  server = await listen(app.fetch, { port: 0 });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
  await backend.close?.();
});

const messages = [{ role: 'user' as const, content: 'Is Max cold?' }];

describe('stepwise serve on the embedded local model', () => {
  it('answers a completion within max_tokens, with usage that adds up', async () => {
    const completion = await client.chat.completions.create({
      model: 'local',
      messages,
      max_tokens: 8,
      temperature: 0,
    });

    expect(completion.model).toBe('local');
    expect(completion.choices).toHaveLength(1);
    expect(typeof completion.choices[0]?.message.content).toBe('string');
    expect(['stop', 'length']).toContain(completion.choices[0]?.finish_reason);
    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeLessThanOrEqual(8);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it('streams the same greedy text it returns whole, and n choices by seed', async () => {
    const request = { model: 'local', messages, max_tokens: 12, temperature: 0 };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    const sampled = await client.chat.completions.create({
      model: 'local',
      messages,
      max_tokens: 6,
      temperature: 1,
      seed: 3,
      n: 2,
    });

    expect(text).toBe(whole.choices[0]?.message.content);
    expect(usage).toEqual(whole.usage);
    expect(sampled.choices.map((choice) => choice.index)).toEqual([0, 1]);
  });

  it('serves concurrent requests with the results it gives them one at a time', async () => {
    // No queue in front of the local backend: each request decodes with its own KV cache.
    const requests = [0, 1, 2, 3].map((seed) => ({
      model: 'local',
      messages: [{ role: 'user' as const, content: `Item ${seed}: is it cold?` }],
      max_tokens: 16,
      temperature: seed === 0 ? 0 : 0.9,
      seed,
    }));
    const sequential: (string | null | undefined)[] = [];
    for (const request of requests) {
      sequential.push((await client.chat.completions.create(request)).choices[0]?.message.content);
    }

    const concurrent = await Promise.all(
      requests.map(
        async (request) =>
          (await client.chat.completions.create(request)).choices[0]?.message.content,
      ),
    );

    expect(concurrent).toEqual(sequential);
  });

  it('runs a reasoner model on it', async () => {
    const completion = await client.chat.completions.create({
      model: 'cot+local',
      messages,
      max_tokens: 16,
    });

    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('stop');
    expect(typeof choice?.message.content).toBe('string');
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(16);
  });
});
