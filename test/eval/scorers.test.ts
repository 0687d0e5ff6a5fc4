import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../../src/eval/item.js';
import {
  booleanScorer,
  choiceScorer,
  customScorer,
  defaultScorer,
  exactScorer,
  listScorer,
  modelGradedScorer,
  numericScorer,
  setScorer,
} from '../../src/eval/scorers.js';
import { ScriptedBackend } from '../../src/backends/scripted.js';

const item = (answer: string, format: EvalItem['format']): EvalItem => ({
  id: 'x',
  question: 'q?',
  context: null,
  options: null,
  answer,
  format,
  category: 'c',
  suite: 's',
  difficulty: {},
  goldReasoning: null,
});

const score = (
  scorer: { score: (input: never) => unknown },
  answer: string | null,
  gold: EvalItem,
) =>
  (scorer.score as (input: { answer: string | null; item: EvalItem; text: string }) => unknown)({
    answer,
    item: gold,
    text: answer ?? '',
  });

describe('scorers', () => {
  it('exact compares normalised text; null is never right', () => {
    expect(score(exactScorer, 'Paris.', item('paris', 'text'))).toBe(true);
    expect(score(exactScorer, null, item('paris', 'text'))).toBe(false);
  });

  it('choice compares letters in any wrapping', () => {
    expect(score(choiceScorer, '(b)', item('B', 'letter'))).toBe(true);
    expect(score(choiceScorer, 'A', item('B', 'letter'))).toBe(false);
  });

  it('boolean compares truth values and yes/no', () => {
    expect(score(booleanScorer, 'Uncertain', item('unknown', 'truth'))).toBe(true);
    expect(score(booleanScorer, 'yes', item('no', 'yes-no'))).toBe(false);
  });

  it('numeric allows a tolerance and reads fractions', () => {
    expect(score(numericScorer(), '70,000', item('70000', 'number'))).toBe(true);
    expect(score(numericScorer(), '3/4', item('0.75', 'number'))).toBe(true);
    expect(score(numericScorer({ relative: 0.01 }), '101', item('100', 'number'))).toBe(true);
    expect(score(numericScorer(), '101', item('100', 'number'))).toBe(false);
  });

  it('list needs the same order; set does not', () => {
    expect(score(listScorer, '[3, 5, 7]', item('3, 5, 7', 'list'))).toBe(true);
    expect(score(listScorer, '7, 5, 3', item('3, 5, 7', 'list'))).toBe(false);
    expect(score(setScorer, '7, 5, 3, 3', item('3, 5, 7', 'list'))).toBe(true);
    expect(score(setScorer, '7, 5', item('3, 5, 7', 'list'))).toBe(false);
  });

  it('custom scorers and format defaults', () => {
    const startsRight = customScorer('prefix', ({ answer, item: gold }) =>
      Boolean(answer?.startsWith(gold.answer)),
    );
    expect(score(startsRight, 'paris, france', item('paris', 'text'))).toBe(true);
    expect(defaultScorer('letter').name).toBe('choice');
    expect(defaultScorer('list').name).toBe('list');
  });

  it('model-graded asks the grader and fails on an unreadable verdict', async () => {
    const grader = new ScriptedBackend({ script: ['{"correct": true} sure', 'no idea'] });
    const scorer = modelGradedScorer(grader);
    expect(await score(scorer, 'It is Paris', item('Paris', 'text'))).toBe(true);
    expect(await score(scorer, 'It is Paris', item('Paris', 'text'))).toBe(false);
    expect(grader.requests[0]?.messages?.[0]?.content).toContain('Reference answer: Paris');
  });
});
