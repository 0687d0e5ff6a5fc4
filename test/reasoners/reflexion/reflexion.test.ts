import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../../src/backends/scripted.js';
import type { Backend, GenerateRequest } from '../../../src/core/backend.js';
import { ContextLengthError } from '../../../src/core/errors.js';
import { solve } from '../../../src/core/run.js';
import { EpisodicMemory } from '../../../src/reasoners/reflexion/memory.js';
import { Reflexion } from '../../../src/reasoners/reflexion/reflexion.js';

const prompt = (request: GenerateRequest | undefined) => request?.messages?.at(-1)?.content ?? '';

describe('Reflexion', () => {
  it('case 7: an unreadable {} verdict fails trial 1; trial 2 sees one reflection; none after success', async () => {
    const backend = new ScriptedBackend({
      script: [
        'Guessing.\nAnswer: 5', // trial 1 actor
        '{}', // judge: unreadable, so a failure
        'I guessed instead of adding; add the numbers.', // reflection
        'Two plus two is four.\nAnswer: 4', // trial 2 actor
        '{"correct": true, "feedback": ""}', // judge
      ],
    });
    const trace = await solve(
      new Reflexion({ evaluator: 'llm', maxTrials: 3 }),
      { question: 'What is 2+2?', format: 'number' },
      { backend },
    );

    expect(backend.requests).toHaveLength(5);
    const reflections = trace.steps.filter((step) => step.type === 'reflection');
    expect(reflections).toHaveLength(1);
    expect(prompt(backend.requests[3])).toContain(
      '1. I guessed instead of adding; add the numbers.',
    );
    expect(prompt(backend.requests[0])).not.toContain('Lessons');
    const trials = trace.steps.filter(
      (step) => step.type === 'evaluation' && step.kind === 'trial',
    );
    expect(trials.map((step) => (step.type === 'evaluation' ? step.label : null))).toEqual([
      'failure',
      'success',
    ]);
    expect(trace.result.answer).toBe('4');
  });

  it('with gold, auto uses the exact evaluator and never shows the gold', async () => {
    const backend = new ScriptedBackend({
      script: ['Answer: B', 'I misread the rule.', 'Answer: A'],
    });
    const trace = await solve(
      new Reflexion(),
      { question: 'True or false?', format: 'letter', options: ['A) True', 'B) False'], gold: 'A' },
      { backend },
    );
    expect(trace.result.answer).toBe('A');
    expect(backend.requests).toHaveLength(3);
    for (const request of backend.requests) expect(prompt(request)).not.toMatch(/gold|reference/i);
    expect(prompt(backend.requests[1])).toContain('The answer B is wrong.');
  });

  it('stops after max trials with the last answer', async () => {
    const backend = new ScriptedBackend({
      script: ['Answer: 1', 'Reflect one.', 'Answer: 2'],
    });
    const trace = await solve(
      new Reflexion({ maxTrials: 2 }),
      { question: 'q', format: 'number', gold: '3' },
      {
        backend,
      },
    );
    expect(trace.result.answer).toBe('2');
    expect(trace.steps.filter((step) => step.type === 'reflection')).toHaveLength(1);
  });

  it('with the exact evaluator and no gold answer, fails before the first trial', async () => {
    const backend = new ScriptedBackend({ script: ['Answer: 1'] });
    const trace = await solve(
      new Reflexion({ evaluator: 'exact' }),
      { question: 'q', format: 'number' },
      { backend },
    );
    expect(trace.result.error).toEqual({
      code: 'invalid-input',
      message:
        "Reflexion's exact evaluator needs the task's gold answer; without one use evaluator 'auto' or 'llm'.",
    });
    expect(backend.requests).toHaveLength(0);
  });

  it('on a context-length error trims memory and retries, then stops with that error', async () => {
    const inner = new ScriptedBackend({ script: { rules: [], default: 'Answer: 1' } });
    let overflow = 0;
    const backend: Backend = {
      id: 'tight',
      capabilities: inner.capabilities,
      identity: () => inner.identity(),
      stream: (request) => inner.stream(request),
      async generate(request) {
        if (prompt(request).includes('Lessons')) {
          overflow++;
          throw new ContextLengthError('too long', { promptTokens: 9000, contextLength: 10 });
        }
        return inner.generate(request);
      },
    };
    const trace = await solve(
      new Reflexion({ maxTrials: 3 }),
      { question: 'q', format: 'number', gold: '2' },
      {
        backend,
      },
    );
    // Each failed trial's memory overflowed once and was dropped; no loop.
    expect(overflow).toBe(2);
    expect(trace.result.answer).toBe('1');

    const hopeless: Backend = {
      ...backend,
      generate: async () => {
        throw new ContextLengthError('too long', {});
      },
    };
    const failed = await solve(
      new Reflexion(),
      { question: 'q', gold: '2' },
      { backend: hopeless },
    );
    expect(failed.result).toMatchObject({ stopReason: 'error', error: { code: 'context-length' } });
  });
});

describe('EpisodicMemory', () => {
  it('keeps the last k within the token budget', () => {
    const memory = new EpisodicMemory({ size: 2, tokens: 100 });
    memory.add('one');
    memory.add('two');
    memory.add('three');
    expect(memory.render()).toBe('1. two\n2. three');

    const small = new EpisodicMemory({ size: 5, tokens: 5 });
    small.add('a'.repeat(15));
    small.add('b'.repeat(15));
    expect(small.size).toBe(1);
    expect(small.render().length).toBeLessThanOrEqual(20);
  });
});
