import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../../src/backends/scripted.js';
import { solve } from '../../../src/core/run.js';
import { TreeOfThoughts } from '../../../src/reasoners/tree-of-thoughts/index.js';
import { evaluations, expectTree, finalAnswer } from './expect-tree.js';
import { asked, prompts, propose, value } from './game24-rules.js';

const PUZZLE = { question: '4 5 6 10' };

describe('tree search', () => {
  it('keeps only the best `breadth` states of a level', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          propose(
            '4 5 6 10',
            '5 * 6 = 30 (left: 4 10 30)\n4 + 5 = 9 (left: 6 9 10)\n10 - 6 = 4 (left: 4 4 5)',
          ),
          propose('4 10 30', '10 - 4 = 6 (left: 6 30)'),
          propose('6 9 10', '6 + 9 = 15 (left: 10 15)'),
          value('4 10 30', 'sure'),
          value('6 9 10', 'likely'),
          value('4 4 5', 'impossible'),
        ],
        default: 'impossible',
      },
    });
    const reasoner = new TreeOfThoughts({ task: 'game24', breadth: 2, depth: 2 });
    const trace = await solve(reasoner, PUZZLE, { backend });

    expect(asked(backend.requests, propose('4 10 30', ''))).toBe(1);
    expect(asked(backend.requests, propose('6 9 10', ''))).toBe(1);
    expect(asked(backend.requests, propose('4 4 5', ''))).toBe(0);
    // Children at the depth limit are not valued: no choice is left.
    expect(evaluations(trace, 'value')).toHaveLength(3);
    expect(trace.result.answer).toBeNull();

    const answer = finalAnswer(trace);
    expect(answer).toMatchObject({ answer: null, method: 'unsolved' });
    const best = trace.steps.find((step) => step.id === answer?.parentId);
    expect(best?.type === 'thought' && best.text).toBe('5 * 6 = 30 (left: 4 10 30)');
    expectTree(trace);
  });

  it('backs up in dfs after a pruned branch', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          propose('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n5 * 6 = 30 (left: 4 10 30)'),
          propose('6 9 10', '6 + 9 = 15 (left: 10 15)'),
          propose('4 10 30', '10 - 4 = 6 (left: 6 30)'),
          propose('6 30', '30 - 6 = 24 (left: 24)'),
          value('6 9 10', 'sure'),
          value('4 10 30', 'likely'),
          value('10 15', 'impossible'),
          value('6 30', 'sure'),
        ],
      },
    });
    const reasoner = new TreeOfThoughts({ task: 'game24', search: 'dfs', threshold: 0.5 });
    const trace = await solve(reasoner, PUZZLE, { backend });

    expect(trace.result.answer).toBe('(5 * 6) - (10 - 4)');
    const order = prompts(backend.requests)
      .filter((prompt) => prompt.endsWith('Possible next steps:'))
      .map((prompt) => /Numbers left: ([^\n]*)\nPossible next steps:$/.exec(prompt)?.[1]);
    // 6 9 10 first (sure), its child 10 15 is pruned, then back to 4 10 30.
    expect(order).toEqual(['4 5 6 10', '6 9 10', '4 10 30', '6 30']);
    const pruned = trace.steps.find(
      (step) => step.type === 'thought' && step.text.includes('left: 10 15'),
    );
    expect(evaluations(trace, 'value').find((step) => step.targetId === pruned?.id)?.score).toBe(0);
    expectTree(trace);
  });
});
