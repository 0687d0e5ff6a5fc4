import { describe, expect, it } from 'vitest';
import {
  type Pair,
  exportPairs,
  statementOf,
  statementVariants,
} from '../../scripts/training/export-data.js';
import { loadSuite } from '../../src/eval/suites.js';
import { prove } from '../../src/tools/prover.js';

describe('training data export', () => {
  it('takes the statement out of a true/false question', () => {
    expect(statementOf('Is the following statement true or false? Max is not dull.')).toBe(
      'Max is not dull.',
    );
  });

  it('pairs the reasoners’ own prompts with gold completions for every suite', async () => {
    const pairs: Pair[] = [];
    // The export throws when a teacher reply would not read back as the gold answer.
    for await (const pair of exportPairs(2, 7)) pairs.push(pair);

    const count = (suite: string, reasoner: string) =>
      pairs.filter((pair) => pair.suite === suite && pair.reasoner === reasoner).length;
    for (const suite of [
      'inductive/kinship',
      'inductive/rules',
      'causal/ladder',
      'causal/corr2cause',
    ]) {
      expect([count(suite, 'direct'), count(suite, 'cot'), count(suite, 'react')]).toEqual([
        2, 2, 0,
      ]);
    }
    // The deductive suites get twice the items; ReAct makes two calls: prove, then answer.
    for (const suite of ['deductive/prontoqa', 'deductive/proofwriter']) {
      expect([count(suite, 'direct'), count(suite, 'cot'), count(suite, 'react')]).toEqual([
        4, 4, 8,
      ]);
    }

    const cot = pairs.find((pair) => pair.reasoner === 'cot');
    expect(cot?.prompt).toContain("Let's think step by step.");
    expect(cot?.completion).toMatch(/\nAnswer: \S+$/);
    const [act, answer] = pairs.filter(
      (pair) => pair.reasoner === 'react' && pair.suite === 'deductive/prontoqa',
    );
    expect(act?.prompt.endsWith('Thought:')).toBe(true);
    expect(act?.completion).toMatch(
      /^ I check the statement with the prover\.\nAction: prover\nAction Input: \{"goal":".+"\}$/,
    );
    // The second prompt holds the prover's real observation.
    expect(answer?.prompt).toMatch(/\nObservation: (true|false|unknown)\b/);
    expect(answer?.completion).toMatch(/^ I know the answer\nFinal Answer: [AB]$/);
  });

  it('asks other statements of an item’s subject, labelled by the prover', () => {
    for (const suite of ['deductive/prontoqa', 'deductive/proofwriter']) {
      for (const item of loadSuite(suite, { split: 'train', count: 5, seed: 7 })) {
        const subject = /^(.+?) is /.exec(statementOf(item.question))?.[1];
        const variants = statementVariants(item, 2, 7);
        // Relational statements ("The cat sees the dog.") get none.
        expect(variants.length > 0).toBe(subject !== undefined);
        for (const variant of variants) {
          const asked = statementOf(variant.question);
          expect(asked.startsWith(`${subject} is `)).toBe(true);
          expect(asked).not.toBe(statementOf(item.question));
          const verdict = prove({ facts: item.context ?? '', goal: asked }).answer;
          expect(variant.answer).toBe({ true: 'A', false: 'B', unknown: 'C' }[verdict]);
          expect(variant.context).toBe(item.context);
        }
      }
    }
  });
});
