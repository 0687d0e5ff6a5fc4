import { tool as langchainTool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as mini from 'zod/mini';
import { ScriptedBackend } from '../../../src/backends/scripted.js';
import { solve } from '../../../src/core/run.js';
import type { Step } from '../../../src/core/step.js';
import { type Tool, defineTool, validateToolInput } from '../../../src/core/tool.js';
import { ReAct } from '../../../src/reasoners/react/react.js';

/** A calculator for tests: adds the numbers in "a+b". */
const adder = defineTool({
  name: 'calculator',
  description: 'Adds numbers.',
  input: z.object({ expression: z.string() }),
  call: ({ expression }) =>
    String(expression.split('+').reduce((sum, part) => sum + Number(part), 0)),
});

function recorder(name: string, reply = 'found it') {
  const calls: unknown[] = [];
  const tool = defineTool({
    name,
    description: 'Searches the web.',
    input: z.object({ query: z.string() }),
    call: (input) => {
      calls.push(input);
      return reply;
    },
  });
  return { tool, calls };
}

const ofType = <T extends Step['type']>(steps: Step[], type: T) =>
  steps.filter((step): step is Extract<Step, { type: T }> => step.type === type);

describe('ReAct (text protocol)', () => {
  it('case 1: runs one calculator call, discards the invented observation, records 5', async () => {
    const calls: string[] = [];
    const calculator = defineTool({
      name: 'calculator',
      description: 'Evaluates arithmetic.',
      input: z.object({ expression: z.string() }),
      call: ({ expression }) => {
        calls.push(expression);
        return '5';
      },
    });
    const backend = new ScriptedBackend({
      script: [
        'Thought: need the sum\nAction: calculator\nAction Input: {"expression": "2+3"}\nObservation: 7\nFinal Answer: 7',
        'Thought: the tool says 5\nFinal Answer: 5',
      ],
    });
    const trace = await solve(
      new ReAct({ tools: [calculator] }),
      { question: 'What is 2+3?', format: 'number' },
      {
        backend,
      },
    );

    expect(calls).toEqual(['2+3']);
    expect(ofType(trace.steps, 'observation').map((step) => step.text)).toEqual(['5']);
    expect(trace.result.answer).toBe('5');
    expect(backend.requests[0]?.stop).toContain('Observation:');
    // The second prompt carries the real observation, not the invented one.
    expect(backend.requests[1]?.messages?.[0]?.content).toContain('Observation: 5');
    expect(backend.requests[1]?.messages?.[0]?.content).not.toContain('Observation: 7');
  });

  it('starts no tool once the run is stopped while the model was answering', async () => {
    const { tool, calls } = recorder('search');
    const controller = new AbortController();
    const script = new ScriptedBackend({
      script: ['Thought: look it up\nAction: search\nAction Input: {"query": "cats"}'],
    });
    // The stop arrives while the reply is on its way back.
    const backend = Object.assign(Object.create(script) as ScriptedBackend, {
      generate: async (request: Parameters<ScriptedBackend['generate']>[0]) => {
        const result = await script.generate(request);
        controller.abort();
        return result;
      },
    });
    const trace = await solve(
      new ReAct({ tools: [tool], protocol: 'text' }),
      { question: 'What do cats eat?' },
      { backend, signal: controller.signal },
    );
    expect(calls).toEqual([]);
    expect(trace.result.stopReason).toBe('aborted');
    expect(ofType(trace.steps, 'observation')).toEqual([]);
  });

  it('case 2: resolves bracketed, spaced and backticked names; an unknown name lists the tools', async () => {
    const { tool, calls } = recorder('web_search');
    const backend = new ScriptedBackend({
      script: [
        'Action: [web_search]\nAction Input: {"query": "a"}',
        'Action:   Web_Search \nAction Input: {"query": "b"}',
        'Action: `web_search`\nAction Input: {"query": "c"}',
        'Action: browse\nAction Input: {"query": "d"}',
        'Final Answer: done',
      ],
    });
    const trace = await solve(new ReAct({ tools: [tool] }), { question: 'q' }, { backend });
    expect(calls).toEqual([{ query: 'a' }, { query: 'b' }, { query: 'c' }]);
    // Action steps record the tool that ran, not the spelling.
    expect(ofType(trace.steps, 'action').map((step) => step.tool)).toEqual([
      'web_search',
      'web_search',
      'web_search',
      'browse',
    ]);
    const last = ofType(trace.steps, 'observation').at(-1);
    expect(last).toMatchObject({ isError: true });
    expect(last?.text).toContain('web_search');
    expect(last?.text).toContain('"browse"');
  });

  it('case 3: a tool that throws becomes an observation, and the run resolves', async () => {
    const divide = defineTool({
      name: 'divide',
      description: 'Divides a by b.',
      input: z.object({ a: z.number(), b: z.number() }),
      call: ({ a, b }) => {
        if (b === 0) throw new Error('division by zero');
        return String(a / b);
      },
    });
    const backend = new ScriptedBackend({
      script: [
        'Action: divide\nAction Input: {"a": 6, "b": 0}',
        'Thought: b must not be zero\nAction: divide\nAction Input: {"a": 6, "b": 1}',
        'Final Answer: 6',
      ],
    });
    const trace = await solve(
      new ReAct({ tools: [divide] }),
      { question: '6/1?', format: 'number' },
      {
        backend,
      },
    );
    const observations = ofType(trace.steps, 'observation');
    expect(observations[0]).toMatchObject({ isError: true, text: 'Error: division by zero' });
    expect(observations[1]).toMatchObject({ isError: false, text: '6' });
    expect(trace.result).toMatchObject({ answer: '6', stopReason: 'answer' });
  });

  it('case 4: coerces near-miss input when on, and names the path when off', () => {
    const scored: Tool<{ score: number; tags: string[] }> = defineTool({
      name: 'score',
      description: 'Scores.',
      input: z.object({ score: z.number(), tags: z.array(z.string()) }),
      call: () => 'ok',
    });
    const raw = { score: '7', tags: 'a, b' };
    expect(validateToolInput(scored, raw)).toEqual({
      ok: true,
      value: { score: 7, tags: ['a', 'b'] },
    });
    const strict = validateToolInput(scored, raw, { coerce: false });
    expect(strict.ok).toBe(false);
    if (!strict.ok) {
      expect(strict.error.code).toBe('parse-failure');
      expect(strict.error.path).toEqual(['score']);
    }
  });

  it('turns invalid tool input into an observation showing the expected input', async () => {
    const backend = new ScriptedBackend({
      script: ['Action: calculator\nAction Input: {"expr": "1"}', 'Final Answer: 0'],
    });
    const trace = await solve(new ReAct({ tools: [adder] }), { question: 'q' }, { backend });
    const observation = ofType(trace.steps, 'observation')[0];
    expect(observation?.isError).toBe(true);
    expect(observation?.text).toContain('expression');
  });

  it('catches a repeated identical action and then demands a final answer', async () => {
    const { tool, calls } = recorder('web_search');
    const again = 'Action: web_search\nAction Input: {"query": "same"}';
    const backend = new ScriptedBackend({ script: [again, again, again, 'Final Answer: gave up'] });
    const trace = await solve(
      new ReAct({ tools: [tool], maxRepeats: 1 }),
      { question: 'q' },
      {
        backend,
      },
    );
    expect(calls).toHaveLength(1);
    expect(ofType(trace.steps, 'observation')[1]?.text).toMatch(/already ran this action/);
    expect(trace.result.answer).toBe('gave up');
    expect(backend.requests).toHaveLength(4);
  });

  it('at the step limit asks for a final answer instead of ending empty', async () => {
    const backend = new ScriptedBackend({
      script: [
        'Action: calculator\nAction Input: {"expression": "1+1"}',
        'Action: calculator\nAction Input: {"expression": "2+2"}',
        '4',
      ],
    });
    const trace = await solve(
      new ReAct({ tools: [adder], maxSteps: 2 }),
      { question: 'q', format: 'number' },
      {
        backend,
      },
    );
    expect(trace.result.answer).toBe('4');
    expect(backend.requests[2]?.messages?.[0]?.content).toMatch(
      /used all your steps[\s\S]*Final Answer:$/,
    );
  });

  it('nudges a reply with no action or answer', async () => {
    const backend = new ScriptedBackend({ script: ['Hmm, let me think.', 'Final Answer: yes'] });
    const trace = await solve(
      new ReAct({ tools: [adder] }),
      { question: 'q', format: 'yes-no' },
      {
        backend,
      },
    );
    expect(ofType(trace.steps, 'observation')[0]?.text).toMatch(/No action found/);
    expect(trace.result.answer).toBe('yes');
  });

  it('stops at the call budget with a budget stop reason', async () => {
    const backend = new ScriptedBackend({
      script: { rules: [], default: 'Action: calculator\nAction Input: {"expression": "1"}' },
    });
    const trace = await solve(
      new ReAct({ tools: [adder], maxRepeats: 10 }),
      { question: 'q' },
      {
        backend,
        budget: { maxCalls: 3 },
      },
    );
    expect(trace.result.stopReason).toBe('budget-calls');
    expect(backend.requests).toHaveLength(3);
  });

  it('takes a LangChain tool directly', async () => {
    const weather = langchainTool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
      name: 'weather',
      description: 'Weather for a city.',
      schema: z.object({ city: z.string() }),
    });
    const backend = new ScriptedBackend({
      script: ['Action: weather\nAction Input: {"city": "Oslo"}', 'Final Answer: sunny'],
    });
    const trace = await solve(
      new ReAct({ tools: [weather] }),
      { question: 'Weather in Oslo?' },
      {
        backend,
      },
    );
    expect(ofType(trace.steps, 'observation')[0]?.text).toBe('Sunny in Oslo');
    expect(trace.result.answer).toBe('sunny');
  });

  it('propagates cancellation from a tool instead of observing it', async () => {
    const controller = new AbortController();
    const slow = defineTool({
      name: 'slow',
      description: 'Waits.',
      input: z.object({}),
      call: () => {
        controller.abort();
        throw new Error('aborted mid-call');
      },
    });
    const backend = new ScriptedBackend({
      script: ['Action: slow\nAction Input: {}', 'Final Answer: x'],
    });
    const trace = await solve(
      new ReAct({ tools: [slow] }),
      { question: 'q' },
      {
        backend,
        signal: controller.signal,
      },
    );
    expect(trace.result.stopReason).toBe('aborted');
    expect(backend.requests).toHaveLength(1);
  });
});

describe('ReAct tools given from code', () => {
  it.each([
    [[null], 'ReAct tool 1 is null, not a tool; make tools with defineTool'],
    [[adder, 'calculator'], 'ReAct tool 2 is string, not a tool'],
    [[{}], 'ReAct tool 1 needs a name of 1-64 letters, digits, _ or - (got undefined)'],
    [
      [{ name: 'calculator', description: 'x' }],
      'ReAct tool 1 (calculator) needs input, a zod schema',
    ],
    [[], 'ReAct needs its tools: new ReAct({ tools: [...] })'],
  ])('refuses tools %j with an InvalidInputError', (tools, message) => {
    expect(() => new ReAct({ tools: tools as Tool[] })).toThrow(message);
  });

  it('defineTool refuses a tool without an input schema or a call, or with a bad name', () => {
    const input = z.object({ q: z.string() });
    const call = () => 'x';
    expect(() => defineTool({ name: 'search', description: 'd', call } as never)).toThrow(
      'defineTool (search) needs input, a zod schema of its arguments',
    );
    expect(() => defineTool({ name: 'search', description: 'd', input } as never)).toThrow(
      'defineTool (search) needs a call function',
    );
    expect(() => defineTool({ name: 'web search', description: 'd', input, call })).toThrow(
      'defineTool needs a name of 1-64 letters, digits, _ or - (got "web search")',
    );
  });

  it('shows a tool result that is not a string as its JSON', async () => {
    const counter = defineTool({
      name: 'count',
      description: 'Counts letters.',
      input: z.object({ word: z.string() }),
      call: (({ word }: { word: string }) => ({ letters: word.length })) as never,
    });
    const backend = new ScriptedBackend({
      script: ['Action: count\nAction Input: {"word": "tiger"}', 'Final Answer: 5'],
    });
    const trace = await solve(
      new ReAct({ tools: [counter] }),
      { question: 'How many letters has "tiger"?', format: 'number' },
      { backend },
    );
    expect(trace.result.error).toBeNull();
    expect(ofType(trace.steps, 'observation').map((step) => step.text)).toEqual(['{"letters":5}']);
    expect(trace.result.answer).toBe('5');
  });
});

describe('tools with transforms and zod/mini schemas', () => {
  it('runs a schema transform once, in ReAct and when called directly', async () => {
    const lengths = defineTool({
      name: 'length',
      description: 'Length of a text.',
      input: z.object({ text: z.string() }).transform(({ text }) => ({ letters: text.length })),
      call: ({ letters }) => String(letters),
    });
    const shout = defineTool({
      name: 'shout',
      description: 'Upper-cases a word and marks it.',
      input: z.object({ word: z.string().transform((word) => `${word.toUpperCase()}!`) }),
      call: ({ word }) => word,
    });
    const backend = new ScriptedBackend({
      script: [
        'Action: length\nAction Input: {"text": "abcd"}',
        'Action: shout\nAction Input: {"word": "hi"}',
        'Final Answer: 4',
      ],
    });
    const trace = await solve(
      new ReAct({ tools: [lengths, shout], protocol: 'text' }),
      { question: 'How long is abcd?', format: 'number' },
      { backend },
    );
    expect(ofType(trace.steps, 'observation').map((step) => step.text)).toEqual(['4', 'HI!']);
    // call takes what the schema parses (a string), as its type says.
    await expect(shout.call({ word: 'hi' }, {})).resolves.toBe('HI!');

    // A copy of the tool, with a description of its own, runs the transform once too.
    const copy = { ...shout, description: 'Shouts.' };
    const again = new ScriptedBackend({
      script: ['Action: shout\nAction Input: {"word": "yo"}', 'Final Answer: yo'],
    });
    const copied = await solve(
      new ReAct({ tools: [copy], protocol: 'text' }),
      { question: 'Shout yo.', format: 'text' },
      { backend: again },
    );
    expect(ofType(copied.steps, 'observation').map((step) => step.text)).toEqual(['YO!']);
  });

  it('accepts a zod/mini schema', async () => {
    const named = defineTool({
      name: 'named',
      description: 'Echoes a name.',
      // The types name classic zod; at run time a zod/mini schema works as well.
      input: mini.object({ name: mini.string() }) as unknown as z.ZodType<{ name: string }>,
      call: ({ name }) => `hello ${name}`,
    });
    await expect(named.call({ name: 'Ada' }, {})).resolves.toBe('hello Ada');
    await expect(named.call({} as never, {})).rejects.toThrow(
      'Invalid input for tool named at name',
    );
  });
});
