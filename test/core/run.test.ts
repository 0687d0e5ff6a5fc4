import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import type { Reasoner } from '../../src/core/reasoner.js';
import { runReasoner, solve } from '../../src/core/run.js';
import { Step } from '../../src/core/step.js';
import { ParseFailureError } from '../../src/core/errors.js';
import { Trace, traceFromJson, traceToJson } from '../../src/core/trace.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';

const looping: Reasoner = {
  name: 'looping',
  async run(_task, context) {
    for (;;) {
      const result = await context.generate({ prompt: 'again' });
      context.emit({ type: 'thought', text: result.choices[0]?.text ?? '' });
      context.emit({ type: 'answer', answer: 'partial', text: '', method: 'test' });
    }
  },
};

describe('runReasoner', () => {
  it('streams steps in order and ends with a validating trace that round-trips JSON', async () => {
    const backend = new ScriptedBackend({ script: ['Two plus two is four.\nAnswer: 4'] });
    const run = runReasoner(
      new ChainOfThought(),
      { question: '2+2?', format: 'number' },
      { backend },
    );
    const types: string[] = [];
    for await (const event of run) if (event.type === 'step') types.push(event.step.type);
    const trace = await run.trace;

    expect(types).toEqual(['thought', 'answer']);
    expect(trace.result).toMatchObject({ answer: '4', stopReason: 'answer', calls: 1 });
    expect(trace.steps[0]).toMatchObject({ type: 'thought', text: 'Two plus two is four.' });
    expect(trace.steps[1]?.parentId).toBe(trace.steps[0]?.id);
    expect(traceFromJson(traceToJson(trace))).toEqual(trace);
    expect(Trace.safeParse(JSON.parse(traceToJson(trace))).success).toBe(true);
  });

  it('stops at the call budget with a stop reason and keeps the last answer', async () => {
    const backend = new ScriptedBackend({ script: { rules: [], default: 'more' } });
    const trace = await solve(looping, { question: 'q' }, { backend, budget: { maxCalls: 3 } });
    expect(trace.result.stopReason).toBe('budget-calls');
    expect(trace.result.calls).toBe(3);
    expect(trace.result.answer).toBe('partial');
  });

  it('stops at the token budget', async () => {
    const backend = new ScriptedBackend({ script: { rules: [], default: 'one two three four' } });
    const trace = await solve(looping, { question: 'q' }, { backend, budget: { maxTokens: 10 } });
    expect(trace.result.stopReason).toBe('budget-tokens');
    expect(trace.result.usage.totalTokens).toBeGreaterThanOrEqual(10);
  });

  it('records a backend failure as an error result, not a throw', async () => {
    const backend = new ScriptedBackend({ script: [] });
    const trace = await solve(new ChainOfThought(), { question: 'q' }, { backend });
    expect(trace.result.stopReason).toBe('error');
    expect(trace.result.error?.code).toBe('scripted-exhausted');
  });

  it('reports an abort as stop reason aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const backend = new ScriptedBackend({ script: ['x'] });
    const trace = await solve(
      new ChainOfThought(),
      { question: 'q' },
      {
        backend,
        signal: controller.signal,
      },
    );
    expect(trace.result.stopReason).toBe('aborted');
    expect(backend.requests).toHaveLength(0);
  });

  it('emits text deltas when streaming', async () => {
    const backend = new ScriptedBackend({ script: ['It is so.\nAnswer: yes'] });
    const deltas: string[] = [];
    await solve(
      new ChainOfThought(),
      { question: 'q', format: 'yes-no' },
      {
        backend,
        stream: true,
        onEvent: (event) => event.type === 'text-delta' && deltas.push(event.text),
      },
    );
    expect(deltas.join('')).toBe('It is so.\nAnswer: yes');
    expect(deltas.length).toBeGreaterThan(1);
  });

  it('rejects an invalid step', () => {
    expect(Step.safeParse({ type: 'thought', id: 'x' }).success).toBe(false);
  });
});

describe('solve and runReasoner given bad arguments from code', () => {
  const task = { question: 'Is it?', format: 'yes-no' as const };
  const backend = () => new ScriptedBackend({ script: ['Answer: yes'] });

  // `real` stands for a working backend, filled in by the test.
  const real = Symbol('backend');
  it.each([
    [null, { backend: real }, 'The reasoner must be an object with a name and a run method'],
    [ChainOfThought, { backend: real }, 'The reasoner must be an object with a name and a run'],
    ['cot', { backend: real }, 'The reasoner must be an object'],
    [new ChainOfThought(), undefined, 'A run needs options with a backend'],
    [new ChainOfThought(), {}, 'A run needs a backend object'],
    [new ChainOfThought(), { backend: 'openai:gpt' }, 'createBackend turns a spec string into one'],
    [new ChainOfThought(), { backend: real, tempreature: 0 }, 'A run has no option tempreature;'],
    [
      new ChainOfThought(),
      { backend: real, temperature: 'hot', maxTokens: 0, seed: 'x' },
      'Bad run options: temperature must be a number >= 0, not "hot"; maxTokens must be a whole number >= 1, not 0; seed must be a whole number, not "x".',
    ],
    [
      new ChainOfThought(),
      { backend: real, budget: { maxCalls: -1 } },
      'budget.maxCalls must be a whole number >= 0 or Infinity, not -1',
    ],
    [
      new ChainOfThought(),
      { backend: real, signal: 'x', onEvent: 'x' },
      'signal must be an AbortSignal; onEvent must be a function',
    ],
  ])('case %#: an InvalidInputError that says what to pass', async (reasoner, options, message) => {
    const given =
      options && 'backend' in options && options.backend === real
        ? { ...options, backend: backend() }
        : options;
    const args = [reasoner, task, given] as never as Parameters<typeof solve>;
    await expect(solve(...args)).rejects.toThrow(message);
    expect(() => runReasoner(...args)).toThrow(message);
  });

  it('takes Infinity as a budget (no limit) and prints Infinity, not null, when it is wrong', async () => {
    const trace = await solve(new ChainOfThought(), task, {
      backend: backend(),
      budget: { maxCalls: Infinity, maxTokens: Infinity },
    });
    expect(trace.result.answer).toBe('yes');
    await expect(
      solve(new ChainOfThought(), task, { backend: backend(), maxTokens: Infinity }),
    ).rejects.toThrow('maxTokens must be a whole number >= 1, not Infinity.');
  });

  it('fails the run, with a clear error, when a custom reasoner resolves to a bad outcome', async () => {
    const numeric: Reasoner = { name: 'numeric', run: async () => ({ answer: 5 }) as never };
    const trace = await solve(numeric, task, { backend: backend() });
    expect(trace.result.stopReason).toBe('error');
    expect(trace.result.error).toEqual({
      code: 'invalid-input',
      message:
        'The numeric reasoner\'s run resolved to {"answer":5}; it must resolve to { answer: string | null }.',
    });
  });

  it('fails the run with a one-line error when a reasoner emits an invalid step', async () => {
    const sloppy: Reasoner = {
      name: 'sloppy',
      run: async (_task, context) => {
        context.emit({ type: 'thought', text: 42 } as never);
        return { answer: null };
      },
    };
    const trace = await solve(sloppy, task, { backend: backend() });
    expect(trace.result.error?.message).toMatch(
      /^The sloppy reasoner emitted an invalid thought step: text: .*expected string.*\.$/,
    );
  });
});

describe('traceFromJson given what is not a trace', () => {
  it('is a ParseFailureError that says what is wrong', () => {
    expect(() => traceFromJson('not json')).toThrow('Not a stepwise trace: the text is not JSON.');
    expect(() => traceFromJson('{}')).toThrow(/^Not a stepwise trace: version: /);
    expect(() => traceFromJson('{}')).toThrow(ParseFailureError);
  });
});
