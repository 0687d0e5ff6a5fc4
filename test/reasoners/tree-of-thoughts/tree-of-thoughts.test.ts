import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../../src/backends/scripted.js';
import { solve } from '../../../src/core/run.js';
import {
  checkGame24,
  genericTask,
  type ThoughtTask,
  TreeOfThoughts,
} from '../../../src/reasoners/tree-of-thoughts/index.js';
import { evaluations, expectTree, finalAnswer, thoughtTexts } from './expect-tree.js';
import { asked, propose, value } from './game24-rules.js';

const PUZZLE = { question: '4 5 6 10' };

describe('TreeOfThoughts on Game of 24', () => {
  // Depth counts operations from the root (depth 0): four numbers need
  // three, so the single number 24 is reached at depth 3.
  const rules = [
    propose('4 5 6 10', '5 * 6 = 30 (left: 4 10 30)\n4 + 5 = 9 (left: 6 9 10)\nno idea'),
    propose('4 10 30', '10 - 4 = 6 (left: 6 30)\n4 * 10 = 40 (left: 30 40)'),
    propose('6 9 10', '6 + 9 = 15 (left: 10 15)'),
    propose('6 30', '30 - 6 = 24 (left: 24)'),
    value('4 10 30', '{"value": 0.9} Hope this helps.'),
    value('6 9 10', 'likely'),
    value('6 30', '30 - 6 = 24. sure'),
    value('30 40', 'impossible'),
    value('10 15', 'impossible'),
  ];

  it('solves 4 5 6 10 with an expression that checks', async () => {
    const backend = new ScriptedBackend({ script: { rules, default: '' } });
    const trace = await solve(new TreeOfThoughts({ task: 'game24' }), PUZZLE, { backend });

    expect(trace.result.stopReason).toBe('answer');
    expect(trace.result.answer).toBe('(5 * 6) - (10 - 4)');
    expect(checkGame24('4 5 6 10', trace.result.answer ?? '')).toBe(true);
    expect(finalAnswer(trace)).toMatchObject({ method: 'solved', depth: 4 });
    expectTree(trace);
  });

  it('fails with a clear error, before any call, when the question holds no puzzle', async () => {
    const backend = new ScriptedBackend({ script: { rules, default: '' } });
    const trace = await solve(
      new TreeOfThoughts({ task: 'game24' }),
      { question: 'hello world' },
      {
        backend,
      },
    );
    expect(trace.result.error).toEqual({
      code: 'invalid-input',
      message:
        'The game24 task needs the puzzle\'s numbers in the question, e.g. "Use 4 9 10 13 to make 24."',
    });
    expect(backend.requests).toHaveLength(0);
  });

  it('reads a JSON value with prose after it', async () => {
    const backend = new ScriptedBackend({ script: { rules, default: '' } });
    const trace = await solve(new TreeOfThoughts({ task: 'game24' }), PUZZLE, { backend });

    const state = trace.steps.find(
      (step) => step.type === 'thought' && step.text.startsWith('5 * 6'),
    );
    const score = evaluations(trace, 'value').find((step) => step.targetId === state?.id);
    expect(score).toMatchObject({ score: 0.9, label: '0.9' });
  });

  it('returns a solving state at once, before the depth limit', async () => {
    const backend = new ScriptedBackend({ script: { rules, default: '' } });
    const trace = await solve(new TreeOfThoughts({ task: 'game24', depth: 6 }), PUZZLE, {
      backend,
    });

    expect(trace.result.answer).toBe('(5 * 6) - (10 - 4)');
    // The states 30 40 and 10 15 are valued but never extended.
    expect(asked(backend.requests, propose('30 40', ''))).toBe(0);
    expect(asked(backend.requests, propose('10 15', ''))).toBe(0);
    expect(trace.result.calls).toBe(9);
  });

  it('ends with a null answer when no proposal can be read', async () => {
    for (const reply of ['', 'I cannot help with that.\n4 + 4 = 9 (left: 9)']) {
      const backend = new ScriptedBackend({ script: { rules: [], default: reply } });
      const trace = await solve(new TreeOfThoughts({ task: 'game24' }), PUZZLE, { backend });

      expect(trace.result).toMatchObject({ answer: null, stopReason: 'no-answer', calls: 1 });
      expect(trace.steps.map((step) => step.type)).toEqual(['thought', 'answer']);
      expect(finalAnswer(trace)).toMatchObject({ method: 'unsolved', parentId: 's1' });
      expectTree(trace);
    }
  });

  it('ends with a null answer when a task gives no children', async () => {
    const barren: ThoughtTask<unknown> = { ...genericTask, parseChildren: () => [] };
    const backend = new ScriptedBackend({ script: { rules: [], default: 'Answer: 4' } });
    const trace = await solve(new TreeOfThoughts({ task: barren }), { question: 'q' }, { backend });

    expect(trace.result.answer).toBeNull();
    expect(finalAnswer(trace)?.text).toMatch(/^Not solved/);
  });

  it('stops on the call budget with a valid tree', async () => {
    const backend = new ScriptedBackend({ script: { rules, default: '' } });
    const trace = await solve(new TreeOfThoughts({ task: 'game24' }), PUZZLE, {
      backend,
      budget: { maxCalls: 2 },
    });

    expect(trace.result).toMatchObject({ stopReason: 'budget-calls', calls: 2, answer: null });
    expectTree(trace);
  });
});

describe('TreeOfThoughts on any question', () => {
  it('solves once a sampled step states the answer', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          { match: 'Partial reasoning:', reply: 'likely' },
          { match: 'Reasoning so far:', reply: 'So the sum is 4.\nAnswer: 4' },
        ],
        default: 'First, add 2 and 2.',
      },
    });
    const trace = await solve(
      new TreeOfThoughts(),
      { question: 'What is 2 + 2?', format: 'number' },
      { backend },
    );

    expect(trace.result).toMatchObject({ answer: '4', stopReason: 'answer' });
    // Three equal samples are valued once and kept once; the next sample solves.
    expect(trace.result.calls).toBe(5);
    expect(backend.requests.slice(0, 3).map((request) => request.sample)).toEqual([0, 1, 2]);
    expect(finalAnswer(trace)).toMatchObject({
      method: 'solved',
      text: 'First, add 2 and 2.\nSo the sum is 4.\nAnswer: 4',
    });
    expectTree(trace);
  });

  it('proposes several steps in one call', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [{ match: 'Partial reasoning:', reply: '{"value": 0.2}' }],
        default: '1. Count two and two more.\n2. Two plus two is four. Answer: 4',
      },
    });
    const reasoner = new TreeOfThoughts({ generate: 'propose' });
    const trace = await solve(
      reasoner,
      { question: 'What is 2 + 2?', format: 'number' },
      { backend },
    );

    expect(trace.result.answer).toBe('4');
    expect(trace.result.calls).toBe(1);
    expect(thoughtTexts(trace).slice(1)).toEqual([
      'Count two and two more.',
      'Two plus two is four. Answer: 4',
    ]);
  });
});
