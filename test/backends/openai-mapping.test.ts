import { describe, expect, it } from 'vitest';
import {
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

describe('OpenAIBackend: mapping', () => {
  it('maps message roles, with assistant tool_calls and tool_call_id on tool messages', async () => {
    const { bodies } = respond(completion([textChoice('done')]));
    const { backend } = setup();

    await backend.generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [{ id: 'call_9', name: 'weather', arguments: '{"city":"Oslo"}' }],
        },
        { role: 'tool', content: '{"temp":21}', toolCallId: 'call_9' },
      ],
    });

    expect(bodies[0]?.['messages']).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'call_9',
            type: 'function',
            function: { name: 'weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_9' },
    ]);
  });

  it('maps logprobs and content_filter, and zero usage when none is reported', async () => {
    const logprobs = { content: [{ token: 'Hi', logprob: -0.5, bytes: null, top_logprobs: [] }] };
    const { bodies } = respond(
      completion([{ ...textChoice('Hi', 0, 'content_filter'), logprobs }], { usage: undefined }),
    );
    const { backend } = setup();

    const result = await backend.generate({ prompt: 'x', logprobs: true });

    expect(bodies[0]?.['logprobs']).toBe(true);
    expect(result.choices[0]).toEqual({
      text: 'Hi',
      finishReason: 'content-filter',
      logprobs: [{ token: 'Hi', logprob: -0.5 }],
    });
    expect(result.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });

  it('accumulates streamed tool-call argument fragments by index', async () => {
    const opener = (index: number, id: string, name: string) => ({
      index,
      id,
      type: 'function',
      function: { name, arguments: '' },
    });
    const fragment = (index: number, text: string) => ({ index, function: { arguments: text } });
    const delta = (toolCalls: unknown[]) => [{ index: 0, delta: { tool_calls: toolCalls } }];
    respond(
      sse([
        chunk(delta([opener(0, 'call_a', 'add')])),
        chunk(delta([fragment(0, '{"a":'), opener(1, 'call_b', 'neg')])),
        chunk(delta([fragment(1, '{"x":2}'), fragment(0, '1}')])),
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
      ]),
    );
    const { backend } = setup();

    const events = await collect(backend.stream({ prompt: 'x' }));

    expect(events).toHaveLength(1);
    const finish = events[0];
    if (finish?.type !== 'finish') throw new Error('expected a finish event');
    expect(finish.result.choices[0]).toEqual({
      text: '',
      finishReason: 'tool-calls',
      toolCalls: [
        { id: 'call_a', name: 'add', arguments: '{"a":1}' },
        { id: 'call_b', name: 'neg', arguments: '{"x":2}' },
      ],
    });
    expect(finish.result.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });
});
