import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../../src/backends/scripted.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { Task } from '../../../src/core/reasoner.js';
import { solve } from '../../../src/core/run.js';
import { generateProntoqa } from '../../../src/eval/generators/prontoqa.js';
import {
  createTreeOfThoughts,
  deductiveTask,
  game24Task,
  genericTask,
  TreeOfThoughts,
  treeOfThoughtsParams,
} from '../../../src/reasoners/tree-of-thoughts/index.js';
import { expectTree } from './expect-tree.js';

describe('game24Task', () => {
  const task = Task.parse({ question: 'Use 3, 3, 8 and 8 to make 24.' });
  const root = game24Task.initial(task);
  const children = (reply: string, state = root) =>
    game24Task.parseChildren(reply, { task, state, mode: 'propose', count: 3 });

  it('reads the puzzle from the question', () => {
    expect(root.puzzle).toBe('3 3 8 8');
    expect(game24Task.render(root)).toBe('3 3 8 8');
    expect(() => game24Task.initial(Task.parse({ question: 'no numbers' }))).toThrow(
      "The game24 task needs the puzzle's numbers in the question",
    );
  });

  it('reads proposals with exact fractions and recomputes what is left', () => {
    const [first] = children('1. 8 / 3 = 8/3 (left: whatever)');
    expect(first?.thought).toBe('8 / 3 = 8/3 (left: 8/3 3 8)');
    const [second] = children('3 - 8/3 = 1/3', first?.state);
    expect(second?.thought).toBe('3 - 8/3 = 1/3 (left: 1/3 8)');
    const [last] = children('8 / 1/3 = 24', second?.state);
    expect(last && game24Task.check(last.state, task)).toEqual({
      solved: true,
      answer: '8 / (3 - (8 / 3))',
    });
  });

  it('accepts a rounded decimal result but not a wrong one', () => {
    expect(children('8 / 3 = 2.67')).toHaveLength(1);
    expect(children('8 / 3 = 2.6')).toHaveLength(0);
    expect(children('8 + 3 = 12')).toHaveLength(0);
  });

  it('skips operands that are not left, and a number used twice', () => {
    expect(children('4 + 5 = 9')).toHaveLength(0);
    expect(children('8 * 8 = 64\n3 * 3 = 9')).toHaveLength(2);
    const [once] = children('3 * 8 = 24');
    expect(once && children('3 * 3 = 9', once.state)).toHaveLength(0);
  });

  it('knows a final state that misses 24', () => {
    const state = children('8 + 8 = 16')[0]?.state;
    const step2 = state && children('3 + 3 = 6', state)[0]?.state;
    const final = step2 && children('16 + 6 = 22', step2)[0]?.state;
    expect(final && game24Task.isFinal(final, task)).toBe(true);
    expect(final && game24Task.check(final, task)).toEqual({
      solved: false,
      answer: '(8 + 8) + (3 + 3)',
    });
  });
});

describe('genericTask', () => {
  const task = Task.parse({ question: 'Is 7 prime?', format: 'yes-no' });

  it('is final only on an explicitly stated answer', () => {
    expect(genericTask.isFinal({ lines: ['7 has no divisors but 1 and 7.'] }, task)).toBe(false);
    expect(genericTask.isFinal({ lines: ['Yes'] }, task)).toBe(false);
    expect(genericTask.check({ lines: ['So it is prime.', 'Answer: yes'] }, task)).toEqual({
      solved: true,
      answer: 'yes',
    });
  });

  it('keeps a sampled reply as one step and a proposal as one step a line', () => {
    const state = { lines: ['Check divisors.'] };
    const sampled = genericTask.parseChildren('2 does not divide 7.\n3 does not either.', {
      task,
      state,
      mode: 'sample',
      count: 1,
    });
    expect(sampled.map((child) => child.state.lines)).toEqual([
      ['Check divisors.', '2 does not divide 7.', '3 does not either.'],
    ]);
    const proposed = genericTask.parseChildren('- Try 2.\n\n2) Try 3.\n', {
      task,
      state,
      mode: 'propose',
      count: 3,
    });
    expect(proposed.map((child) => child.thought)).toEqual(['Try 2.', 'Try 3.']);
  });
});

describe('deductiveTask', () => {
  const task = Task.parse({
    question: 'Is the following statement true or false? Rex is sweet.',
    context:
      'Every wumpus is a yumpus. Yumpuses are not sweet. Every zumpus is sweet. ' +
      'Zumpuses are impuses. Rex is a wumpus.',
    options: ['A) True', 'B) False'],
    format: 'letter',
  });

  it('applies only rules that follow from the known facts', () => {
    const root = deductiveTask.initial(task);
    expect(deductiveTask.render(root)).toBe('Rex is a wumpus.');
    const children = deductiveTask.parseChildren(
      'Every wumpus is a yumpus. So Rex is a yumpus.\nEvery zumpus is sweet. So Rex is sweet.\n' +
        'Rex is a dragon.\nSo Rex is a yumpus.',
      { task, state: root, mode: 'propose', count: 3 },
    );
    expect(children.map((child) => child.thought)).toEqual([
      'Every wumpus is a yumpus. So Rex is a yumpus.',
    ]);
  });

  it('answers with the option letter once the goal or its negation is derived', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          {
            match: 'Rex is a yumpus.\n\nDerive',
            reply: 'Yumpuses are not sweet. So Rex is not sweet.',
          },
          {
            match: 'Known facts about Rex',
            reply: 'Every wumpus is a yumpus. So Rex is a yumpus.',
          },
          { match: 'Partial reasoning:', reply: 'likely' },
        ],
      },
    });
    const trace = await solve(new TreeOfThoughts({ task: 'deductive' }), task, { backend });

    expect(trace.result.answer).toBe('B');
    expect(trace.result.calls).toBe(3);
    expectTree(trace);
  });

  it('follows gold proofs of generated PrOntoQA items to their answers', async () => {
    const items = generateProntoqa({ seed: 3, count: 12, split: 'test', maxHops: 8 });
    for (const item of items) {
      // A model that proposes the whole gold proof: only the next fact applies.
      const backend = new ScriptedBackend({
        script: {
          rules: [{ match: 'Partial reasoning:', reply: 'likely' }],
          default: (item.goldReasoning ?? []).join('\n'),
        },
      });
      const reasoner = new TreeOfThoughts({ task: 'deductive', breadth: 1 });
      const trace = await solve(reasoner, item, { backend });
      expect(trace.result.answer, item.id).toBe(item.answer);
    }
  });

  it('answers truth-format questions with a truth word', () => {
    const truth = Task.parse({ ...task, format: 'truth', options: null });
    const state = deductiveTask.initial(truth);
    const [child] = deductiveTask.parseChildren('Rex is a yumpus.', {
      task: truth,
      state,
      mode: 'sample',
      count: 1,
    });
    const [final] = child
      ? deductiveTask.parseChildren('Rex is not sweet.', {
          task: truth,
          state: child.state,
          mode: 'sample',
          count: 1,
        })
      : [];
    expect(final && deductiveTask.check(final.state, truth)).toEqual({
      solved: true,
      answer: 'false',
    });
  });
});

describe('treeOfThoughtsParams', () => {
  it('coerces CLI strings', () => {
    expect(
      treeOfThoughtsParams.parse({
        search: 'dfs',
        breadth: '2',
        depth: '3',
        generate: 'propose',
        samples: '4',
        evaluate: 'vote',
        evaluations: '2',
        threshold: '0.25',
        temperature: '0.9',
        task: 'game24',
      }),
    ).toEqual({
      search: 'dfs',
      breadth: 2,
      depth: 3,
      generate: 'propose',
      samples: 4,
      evaluate: 'vote',
      evaluations: 2,
      threshold: 0.25,
      temperature: 0.9,
      task: 'game24',
    });
  });

  it('rejects bad and unknown parameters', () => {
    expect(treeOfThoughtsParams.safeParse({ breadth: '0' }).success).toBe(false);
    expect(treeOfThoughtsParams.safeParse({ threshold: '2' }).success).toBe(false);
    expect(treeOfThoughtsParams.safeParse({ width: '2' }).success).toBe(false);
    expect(() => createTreeOfThoughts({ task: 'chess' })).toThrow(InvalidInputError);
    expect(() => new TreeOfThoughts({ breadth: 1.5 })).toThrow(InvalidInputError);
  });

  it('makes the tot reasoner', () => {
    expect(createTreeOfThoughts({ search: 'dfs' }).name).toBe('tot');
  });
});
