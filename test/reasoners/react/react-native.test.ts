import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { solve } from '../../../src/core/run.js';
import { defineTool } from '../../../src/core/tool.js';
import { ReAct } from '../../../src/reasoners/react/react.js';
import {
  chunk,
  completion,
  respond,
  setup,
  sse,
  textChoice,
  useMockServer,
} from '../../backends/openai-server.js';

useMockServer();

function weatherTool() {
  const calls: unknown[] = [];
  const tool = defineTool({
    name: 'weather',
    description: 'Weather for a city.',
    input: z.object({ city: z.string().optional() }),
    call: (input) => {
      calls.push(input);
      return 'Sunny';
    },
  });
  return { tool, calls };
}

const toolCallDelta = (args: string, first: boolean) => ({
  index: 0,
  delta: {
    tool_calls: [
      {
        index: 0,
        ...(first && { id: 'call_1', type: 'function' }),
        function: { ...(first && { name: 'weather' }), arguments: args },
      },
    ],
  },
  finish_reason: null,
});

describe('ReAct (native tool calls over the OpenAI backend)', () => {
  it('case 5: arguments split across chunks as {"ci + ty":"Oslo"} run with {city: "Oslo"}', async () => {
    const { tool, calls } = weatherTool();
    const { bodies } = respond(
      sse([
        chunk([toolCallDelta('{"ci', true)]),
        chunk([toolCallDelta('ty":"Oslo"}', false)]),
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
      ]),
      sse([
        chunk([
          { index: 0, delta: { content: 'It is sunny.\nAnswer: sunny' }, finish_reason: 'stop' },
        ]),
      ]),
    );
    const { backend } = setup();
    const trace = await solve(
      new ReAct({ tools: [tool] }),
      { question: 'Weather in Oslo?' },
      {
        backend,
        stream: true,
      },
    );

    expect(calls).toEqual([{ city: 'Oslo' }]);
    expect(trace.result.answer).toBe('sunny');
    const second = bodies[1]?.messages as { role: string; tool_call_id?: string }[];
    expect(second.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(second[2]?.tool_call_id).toBe('call_1');
    expect((bodies[0]?.tools as unknown[]).length).toBe(1);
  });

  it('case 5: a streamed tool call with empty-string arguments runs with {}', async () => {
    const { tool, calls } = weatherTool();
    respond(
      sse([
        chunk([toolCallDelta('', true)]),
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
      ]),
      sse([chunk([{ index: 0, delta: { content: 'Answer: sunny' }, finish_reason: 'stop' }])]),
    );
    const { backend } = setup();
    await solve(new ReAct({ tools: [tool] }), { question: 'Weather?' }, { backend, stream: true });
    expect(calls).toEqual([{}]);
  });
});
