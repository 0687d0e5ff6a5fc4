import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamEvent } from '../../src/core/backend.js';
import { AbortedError, InvalidInputError } from '../../src/core/errors.js';
import { LangChainBackend, fromChatModel } from '../../src/langchain/index.js';
import { RecordingChatModel } from './recording-chat-model.js';

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function deltas(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
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

describe('LangChainBackend with fake chat models', () => {
  it('generates text with the built-in FakeListChatModel', async () => {
    const backend = fromChatModel(new FakeListChatModel({ responses: ['Four.\nAnswer: 4'] }));
    const result = await backend.generate({ prompt: '2+2?' });
    expect(result.choices).toEqual([{ text: 'Four.\nAnswer: 4', finishReason: 'unknown' }]);
    expect(result.usage.totalTokens).toBe(0);
    expect(backend.id).toBe('langchain:fake-list');
    expect(backend.capabilities).toMatchObject({ streaming: true, tools: true, n: false });
  });

  it('streams deltas that join to the final text', async () => {
    const backend = fromChatModel(new FakeListChatModel({ responses: ['Two plus two is four.'] }));
    const events = await collect(backend.stream({ prompt: 'q' }));
    const finish = events.at(-1);
    expect(events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(5);
    expect(finish?.type === 'finish' && finish.result.choices[0]?.text).toBe(deltas(events));
    expect(deltas(events)).toBe('Two plus two is four.');
  });

  it('maps messages, usage and finish reasons, and serves n by repeated calls', async () => {
    const model = new RecordingChatModel([
      { text: 'one', usage: [5, 1], finishReason: 'stop' },
      { text: 'two', usage: [5, 2], finishReason: 'length' },
    ]);
    const result = await fromChatModel(model).generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Count.' },
      ],
      n: 2,
    });
    expect(result.choices).toEqual([
      { text: 'one', finishReason: 'stop' },
      { text: 'two', finishReason: 'length' },
    ]);
    expect(result.usage).toEqual({ promptTokens: 10, completionTokens: 3, totalTokens: 13 });
    expect(model.calls).toHaveLength(2);
    expect(model.calls[0]?.messages.map((message) => message.type)).toEqual(['system', 'human']);
  });

  it('binds tools natively and maps tool calls back with JSON arguments', async () => {
    const model = new RecordingChatModel([
      { toolCalls: [{ id: 'call_1', name: 'add', args: { a: 1, b: 2 } }], usage: [7, 3] },
    ]);
    const backend = fromChatModel(model);
    const request: GenerateRequest = { prompt: 'add 1 and 2', tools: [ADD_TOOL] };

    const result = await backend.generate(request);
    expect(result.choices[0]).toEqual({
      text: '',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'call_1', name: 'add', arguments: '{"a":1,"b":2}' }],
    });
    expect(model.boundTools[0]).toEqual([
      { name: 'add', description: 'Adds two numbers.', schema: ADD_TOOL.parameters },
    ]);
    expect(model.calls[0]?.options['tools']).toBeDefined();

    // The same tools reuse the binding.
    await backend.generate(request);
    expect(model.boundTools).toHaveLength(1);
  });

  it('accumulates streamed tool_call_chunks into tool calls', async () => {
    const model = new RecordingChatModel([
      {
        text: 'Let me add.',
        toolCalls: [{ id: 'call_9', name: 'add', args: { a: 10, b: 20 } }],
        usage: [4, 6],
      },
    ]);
    const events = await collect(fromChatModel(model).stream({ prompt: 'q', tools: [ADD_TOOL] }));
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish event');
    expect(deltas(events)).toBe('Let me add.');
    expect(finish.result.choices[0]).toEqual({
      text: 'Let me add.',
      finishReason: 'tool-calls',
      toolCalls: [{ id: 'call_9', name: 'add', arguments: '{"a":10,"b":20}' }],
    });
    expect(finish.result.usage).toEqual({ promptTokens: 4, completionTokens: 6, totalTokens: 10 });
  });

  it('sends assistant tool calls and tool results as LangChain messages', async () => {
    const model = new RecordingChatModel([{ text: '3' }]);
    await fromChatModel(model).generate({
      messages: [
        { role: 'user', content: 'add' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'c1', name: 'add', arguments: '{"a":1,"b":2}' }],
        },
        { role: 'tool', content: '3', toolCallId: 'c1' },
      ],
      tools: [ADD_TOOL],
    });
    const [, assistant, tool] = model.calls[0]?.messages ?? [];
    expect(assistant).toMatchObject({
      tool_calls: [{ id: 'c1', name: 'add', args: { a: 1, b: 2 } }],
    });
    expect(tool).toMatchObject({ tool_call_id: 'c1', content: '3' });
  });

  it('forwards stop and callOptions, and cuts text at stop for models that ignore it', async () => {
    const model = new RecordingChatModel([{ text: 'Reasoning.\nObservation: made up' }]);
    const backend = fromChatModel(model, {
      callOptions: (request) => ({ seed: request.seed }),
      maxRetries: 0,
    });
    const result = await backend.generate({ prompt: 'q', stop: ['Observation:'], seed: 7 });
    expect(model.calls[0]?.options).toMatchObject({
      stop: ['Observation:'],
      seed: 7,
      maxRetries: 0,
    });
    expect(result.choices[0]).toEqual({ text: 'Reasoning.\n', finishReason: 'stop' });

    const events = await collect(backend.stream({ prompt: 'q', stop: ['Observation:'] }));
    expect(deltas(events)).toBe('Reasoning.\n');
  });

  it('maps an abort to AbortedError, before and during a call', async () => {
    const model = new RecordingChatModel([{ text: 'late', delayMs: 5_000 }]);
    const backend = fromChatModel(model);

    const aborted = AbortSignal.abort();
    await expect(backend.generate({ prompt: 'q', signal: aborted })).rejects.toBeInstanceOf(
      AbortedError,
    );

    const controller = new AbortController();
    const pending = backend.generate({ prompt: 'q', signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);

    const streaming = new AbortController();
    const stream = collect(backend.stream({ prompt: 'q', signal: streaming.signal }));
    setTimeout(() => streaming.abort(), 10);
    await expect(stream).rejects.toBeInstanceOf(AbortedError);
  });

  it('maps other model errors to BackendError with the cause', async () => {
    const model = new FakeListChatModel({ responses: ['x'] });
    const backend = fromChatModel(model, { callOptions: () => ({ thrownErrorString: 'boom' }) });
    await expect(backend.generate({ prompt: 'q' })).rejects.toMatchObject({
      name: 'BackendError',
      message: 'langchain:fake-list failed: boom',
    });
  });

  it('identifies the model by type and params, without secrets or functions', async () => {
    const identity = await new LangChainBackend({ model: new RecordingChatModel([]) }).identity();
    expect(identity).toBe(
      'langchain|recording|{"configuration":{"baseURL":"http://x"},"model":"recorder-1","temperature":0.5}',
    );
  });

  it('refuses tools when native tool calls are turned off', async () => {
    const backend = fromChatModel(new RecordingChatModel([]), { nativeTools: false });
    expect(backend.capabilities.tools).toBe(false);
    await expect(backend.generate({ prompt: 'q', tools: [ADD_TOOL] })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
