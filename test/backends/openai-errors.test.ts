import { HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  BackendError,
  ContextLengthError,
  ModelNotFoundError,
  RateLimitedError,
  TimeoutError,
} from '../../src/core/errors.js';
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

describe('OpenAIBackend: more failures', () => {
  it('recognises a context-length 400 by its message alone', async () => {
    respond(apiError(400, 'too many tokens in the prompt'));
    const { backend } = setup();

    await expect(backend.generate({ prompt: 'x' })).rejects.toBeInstanceOf(ContextLengthError);
  });

  it('fails other 4xx at once with BackendError', async () => {
    const { bodies } = respond(apiError(422, 'The request is unprocessable'));
    const { backend } = setup();

    const error = await backend.generate({ prompt: 'x' }).catch((thrown: unknown) => thrown);

    expect(bodies).toHaveLength(1);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ status: 422 });
  });

  it('reports a 404 for the model as ModelNotFoundError, a usage error', async () => {
    const { bodies } = respond(apiError(404, 'The model does not exist'));
    const { backend } = setup();

    const error = await backend.generate({ prompt: 'x' }).catch((thrown: unknown) => thrown);

    expect(bodies).toHaveLength(1);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model-not-found' });
    expect((error as Error).message).toMatch(/has no model .*GET .*\/models lists them/);
  });

  it('throws RateLimitedError when 429s outlast the retries', async () => {
    const { bodies } = respond(apiError(429, 'busy', { headers: { 'retry-after-ms': '250' } }));
    const { backend, waits } = setup({ maxRetries: 1 });

    const error = await backend.generate({ prompt: 'x' }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 250 });
    expect(bodies).toHaveLength(2);
    expect(waits).toEqual([250]);
  });

  it('retries a connection error', async () => {
    const { bodies } = respond(() => HttpResponse.error(), completion([textChoice('ok')]));
    const { backend, events } = setup();

    const result = await backend.generate({ prompt: 'x' });

    expect(result.choices[0]?.text).toBe('ok');
    expect(bodies).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'retry', attempt: 1, status: undefined });
  });

  it('fails with TimeoutError when a whole request runs past timeoutMs', async () => {
    respond(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const { backend } = setup({ timeoutMs: 100 });

    await expect(backend.generate({ prompt: 'x' })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('retries a 503 before the first chunk, then streams', async () => {
    const { bodies } = respond(
      apiError(503, 'overloaded'),
      sse([chunk([{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }])]),
    );
    const { backend, waits } = setup();

    const events = await collect(backend.stream({ prompt: 'x' }));

    expect(bodies).toHaveLength(2);
    expect(waits).toEqual([500]);
    expect(events[0]).toEqual({ type: 'text-delta', choice: 0, text: 'ok' });
  });

  it('does not retry an error event after the first chunk', async () => {
    // msw tees mocked bodies, and cancelling one branch of a tee waits for
    // the other, so the SDK's cancel-then-throw would hang: fetch directly.
    const reply = sse([
      chunk([{ index: 0, delta: { content: 'a' } }]),
      '{"error":{"message":"boom"}}',
    ]);
    let requests = 0;
    const { backend } = setup({
      fetch: async () => {
        requests += 1;
        return reply();
      },
    });

    const error = await collect(backend.stream({ prompt: 'x' })).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ message: expect.stringContaining('boom') });
    expect(requests).toBe(1);
  });
});
