import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backends/spec.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { Backend, StreamEvent } from '../../src/core/backend.js';
import { ModelNotFoundError, RateLimitedError } from '../../src/core/errors.js';
import { runReasoner } from '../../src/core/run.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';
import { ReAct } from '../../src/reasoners/react/react.js';
import { calculator } from '../../src/tools/index.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { type ProbeBackend, probeBackend, scriptedApp } from '../server/openai/support.js';

// stepwise's openai backend against a real `stepwise serve` app, not a mock.
let server: Listening;
let baseURL: string;
let hanging: ProbeBackend;

beforeAll(async () => {
  hanging = probeBackend({ deltas: ['Hel'], hang: true });
  const { app } = scriptedApp(undefined, [
    { id: 'hanging', backend: hanging },
    {
      id: 'limited',
      backend: probeBackend({
        generateError: new RateLimitedError('Slow down.', { retryAfterMs: 60_000 }),
      }),
    },
  ]);
  server = await listen(app.fetch, { port: 0 });
  baseURL = `${server.url}/v1`;
});

afterAll(() => server.close());

const served = (model: string): Promise<Backend> =>
  createBackend(`openai:${model}`, { baseURL, apiKey: 'unused' });

async function collect(events: AsyncIterable<StreamEvent>) {
  let text = '';
  for await (const event of events) {
    if (event.type === 'text-delta') text += event.text;
    else return { text, result: event.result };
  }
  throw new Error('The stream ended without a finish event.');
}

describe('the openai backend against stepwise serve', () => {
  it('generates, mapping text, finish reason, usage and model', async () => {
    const backend = await served('scripted');

    const result = await backend.generate({ prompt: 'count to four', n: 2, stop: [' three'] });

    expect(result).toEqual({
      choices: [
        { text: 'one two', finishReason: 'stop' },
        { text: 'one two', finishReason: 'stop' },
      ],
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      model: 'scripted',
    });
  });

  it('streams deltas and a finish event with usage', async () => {
    const backend = await served('scripted');

    const { text, result } = await collect(backend.stream({ prompt: 'count to four' }));

    expect(text).toBe('one two three four');
    expect(result).toEqual({
      choices: [{ text: 'one two three four', finishReason: 'stop' }],
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      model: 'scripted',
    });
  });

  it('runs chain-of-thought on a served plain model', async () => {
    const backend = await served('scripted');

    const trace = await runReasoner(
      new ChainOfThought(),
      { question: 'What is 17 * 23?' },
      {
        backend,
        stream: true,
      },
    ).trace;

    expect(trace.result.answer).toBe('391');
    expect(trace.steps.map((step) => step.type)).toEqual(['thought', 'answer']);
    expect(trace.result.usage.completionTokens).toBe(11);
  });

  it('reads a served reasoner model as a model that answers', async () => {
    const backend = await served('cot+scripted');

    const result = await backend.generate({ prompt: 'What is 17 * 23?' });
    const { text } = await collect(backend.stream({ prompt: 'What is 17 * 23?' }));

    expect(result.choices).toEqual([{ text: '391', finishReason: 'stop' }]);
    expect(text).toBe('391');
  });

  it("sees the server's 404 for an unknown model as a missing model", async () => {
    const backend = await served('gpt-4o');

    const failure = backend.generate({ prompt: 'hi' });

    await expect(failure).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(failure).rejects.toThrow(
      /has no model gpt-4o .*The model 'gpt-4o' does not exist/,
    );
  });

  it('turns a 429 with a long Retry-After into a RateLimitedError that carries the wait', async () => {
    const backend = createOpenAIBackend({ model: 'limited', baseURL, apiKey: 'unused' });

    const failure = backend.generate({ prompt: 'hi' });

    await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
    await expect(failure).rejects.toMatchObject({ retryAfterMs: 60_000, status: 429 });
  });

  it('refuses native tool calls on a backend without them, so ReAct must use the text protocol', async () => {
    const backend = await served('scripted');

    const native = await runReasoner(
      new ReAct({ tools: [calculator], protocol: 'native' }),
      { question: 'What is 17 * 23?' },
      { backend },
    ).trace;
    const text = await runReasoner(
      new ReAct({ tools: [calculator], protocol: 'text' }),
      { question: 'What is 17 * 23?' },
      { backend },
    ).trace;

    expect(native.result.stopReason).toBe('error');
    expect(native.result.error?.message).toContain("'tools' cannot be used with scripted");
    expect(text.result.error).toBeNull();
    expect(text.result.stopReason).toBe('answer');
  });

  it('aborts the served backend when its stream is aborted', async () => {
    const backend = await served('hanging');
    const controller = new AbortController();

    const deltas: string[] = [];
    const reading = (async () => {
      for await (const event of backend.stream({ prompt: 'hi', signal: controller.signal })) {
        if (event.type === 'text-delta') {
          deltas.push(event.text);
          controller.abort();
        }
      }
    })();

    await expect(reading).rejects.toMatchObject({ code: 'aborted' });
    await hanging.aborted;
    expect(deltas).toEqual(['Hel']);
  });
});
