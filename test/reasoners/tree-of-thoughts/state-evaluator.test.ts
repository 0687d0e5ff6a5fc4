import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../../src/backends/scripted.js';
import { solve } from '../../../src/core/run.js';
import { TreeOfThoughts } from '../../../src/reasoners/tree-of-thoughts/index.js';
import { evaluations, expectTree, thoughtTexts } from './expect-tree.js';
import { asked, propose, value } from './game24-rules.js';

const PUZZLE = { question: '4 5 6 10' };

describe('state evaluation', () => {
  it('evaluates an equal state once and reuses its score', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          propose('4 5 6 10', '4 + 5 = 9 (left: 6 9 10)\n6 + 10 = 16 (left: 4 5 16)'),
          propose('6 9 10', '6 + 10 = 16 (left: 9 16)'),
          propose('4 5 16', '4 + 5 = 9 (left: 9 16)'),
          propose('9 16', '16 - 9 = 7 (left: 7)'),
        ],
        default: 'likely',
      },
    });
    const trace = await solve(new TreeOfThoughts({ task: 'game24' }), PUZZLE, { backend });

    // Two paths reach 9 16; the value prompt depends only on the numbers left.
    expect(asked(backend.requests, value('9 16', ''))).toBe(1);
    const states = trace.steps.filter(
      (step) => step.type === 'thought' && step.text.endsWith('(left: 9 16)'),
    );
    expect(states).toHaveLength(2);
    const scores = evaluations(trace, 'value').filter((step) =>
      states.some((state) => state.id === step.targetId),
    );
    expect(scores.map((step) => step.score)).toEqual([0.5, 0.5]);
    expect(scores[1]?.text).toContain('reused');
    expect(scores[1]?.usage.totalTokens).toBe(0);

    // Both end at 7: checked, not valued, and the search gives up cleanly.
    expect(evaluations(trace, 'check').map((step) => step.label)).toEqual(['unsolved', 'unsolved']);
    expect(trace.result.answer).toBeNull();
    expectTree(trace);
  });

  it('averages repeated value evaluations, sampled', async () => {
    const backend = new ScriptedBackend({
      script: [
        '5 * 6 = 30 (left: 4 10 30)\n4 + 5 = 9 (left: 6 9 10)',
        'sure',
        'likely',
        'impossible',
        'no verdict here',
        '10 - 4 = 6 (left: 6 30)',
      ],
    });
    const reasoner = new TreeOfThoughts({ task: 'game24', breadth: 1, depth: 2, evaluations: 2 });
    const trace = await solve(reasoner, PUZZLE, { backend });

    const scores = evaluations(trace, 'value');
    expect(scores.map((step) => step.score)).toEqual([0.75, 0]);
    expect(scores.map((step) => step.label)).toEqual(['sure, likely', 'impossible']);
    const valueRequests = backend.requests.slice(1, 5);
    expect(valueRequests.map((request) => request.sample)).toEqual([0, 1, 0, 1]);
    expect(valueRequests.every((request) => request.temperature === 0.7)).toBe(true);
    expect(thoughtTexts(trace).at(-1)).toBe('10 - 4 = 6 (left: 6 30)');
  });

  it('follows the voted state', async () => {
    const backend = new ScriptedBackend({
      script: {
        rules: [
          propose(
            '4 5 6 10',
            '5 * 6 = 30 (left: 4 10 30)\n4 + 5 = 9 (left: 6 9 10)\n10 - 6 = 4 (left: 4 4 5)',
          ),
          { match: 'The best choice is N', reply: 'Choice 3 looks odd.\nThe best choice is 2' },
          propose('6 9 10', '6 + 9 = 15 (left: 10 15)'),
        ],
        default: '',
      },
    });
    const reasoner = new TreeOfThoughts({ task: 'game24', evaluate: 'vote', breadth: 1, depth: 2 });
    const trace = await solve(reasoner, PUZZLE, { backend });

    expect(asked(backend.requests, propose('6 9 10', ''))).toBe(1);
    expect(asked(backend.requests, propose('4 10 30', ''))).toBe(0);
    expect(evaluations(trace, 'vote').map((step) => step.score)).toEqual([0, 1, 0]);
    const [ballot] = evaluations(trace, 'ballot');
    expect(ballot?.label).toBe('choice 2');
    expect(thoughtTexts(trace).at(-1)).toBe('6 + 9 = 15 (left: 10 15)');
    expectTree(trace);
  });

  it('counts several votes', async () => {
    const backend = new ScriptedBackend({
      script: [
        '5 * 6 = 30 (left: 4 10 30)\n4 + 5 = 9 (left: 6 9 10)\n10 - 6 = 4 (left: 4 4 5)',
        'The best choice is 1',
        'The best choice is 3',
        'I cannot decide.',
        'The best choice is 3',
        '4 * 5 = 20 (left: 4 20)',
      ],
    });
    const reasoner = new TreeOfThoughts({
      task: 'game24',
      evaluate: 'vote',
      evaluations: 4,
      breadth: 1,
      depth: 2,
    });
    const trace = await solve(reasoner, PUZZLE, { backend });

    expect(evaluations(trace, 'vote').map((step) => step.label)).toEqual(['1/4', '0/4', '2/4']);
    expect(evaluations(trace, 'ballot').map((step) => step.targetId === null)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect(thoughtTexts(trace).at(-1)).toBe('4 * 5 = 20 (left: 4 20)');
    expectTree(trace);
  });
});
