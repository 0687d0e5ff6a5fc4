import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import { corr2causeItem, generateCorr2cause } from '../../../src/eval/generators/corr2cause.js';
import { CORR2CAUSE_RELATIONS } from '../../../src/eval/generators/corr2cause-graph.js';
import { EvalItem } from '../../../src/eval/item.js';

const splits = ['train', 'dev', 'test'] as const;
const key = (item: EvalItem) => `${item.context}\n${item.question}`;
const premises = (items: EvalItem[]) => new Set(items.map((item) => item.context));

describe('generateCorr2cause', () => {
  const sets = Object.fromEntries(
    splits.map((split) => [split, generateCorr2cause({ seed: 17, count: 300, split })]),
  ) as Record<(typeof splits)[number], EvalItem[]>;

  it('produces valid yes-no items phrased like Corr2Cause', () => {
    for (const item of sets.dev) expect(EvalItem.parse(item)).toEqual(item);
    expect(sets.test[0]?.id).toBe('corr2cause-test-0001');
    for (const item of sets.train) {
      expect(item).toMatchObject({
        format: 'yes-no',
        category: 'causal',
        suite: 'causal/corr2cause',
        options: null,
      });
      expect(item.context).toMatch(
        /^Suppose there is a closed system of ([34]) variables, [A-D, and]+\. All the statistical relations among these \1 variables are as follows: /,
      );
      expect(item.question).toMatch(
        /^Can we deduce the following from the statistical relations above\? /,
      );
      expect(item.goldReasoning?.at(-1)).toBe(`So the answer is ${item.answer}.`);
      expect(item.difficulty.equivalenceClass).toBeGreaterThan(0);
    }
  });

  it('is deterministic and prefix-stable, and streams the same items until one repeats', () => {
    expect(generateCorr2cause({ seed: 17, count: 300, split: 'test' })).toEqual(sets.test);
    expect(generateCorr2cause({ seed: 17, count: 25, split: 'test' })).toEqual(
      sets.test.slice(0, 25),
    );
    let repeats = 0;
    const seen = new Set<string>();
    sets.dev.forEach((item, index) => {
      const streamed = corr2causeItem({ seed: 17, split: 'dev', index });
      if (seen.has(key(streamed))) repeats++;
      else expect(streamed).toEqual(item);
      seen.add(key(item));
    });
    expect(repeats).toBeLessThan(60);
  });

  it('depends on the seed', () => {
    const other = generateCorr2cause({ seed: 18, count: 300, split: 'test' }).map(key);
    const shared = other.filter((item) => sets.test.map(key).includes(item));
    expect(shared.length).toBeLessThan(100);
  });

  it('gives each premise to one split only, whatever the seed', () => {
    const [train, dev, test] = splits.map((split) => premises(sets[split]));
    const otherSeed = premises(generateCorr2cause({ seed: 5, count: 300, split: 'train' }));
    for (const [a, b] of [
      [train, dev],
      [train, test],
      [dev, test],
      [otherSeed, test],
    ] as const) {
      expect([...(a ?? [])].filter((premise) => b?.has(premise))).toEqual([]);
    }
  });

  it('balances answers exactly and asks every kind with both answers', () => {
    for (const split of splits) {
      const items = sets[split];
      expect(items.filter((item) => item.answer === 'yes')).toHaveLength(150);
      for (const relation of CORR2CAUSE_RELATIONS.keys()) {
        const kind = items.filter((item) => item.difficulty.relation === relation);
        expect(kind.some((item) => item.answer === 'yes')).toBe(true);
        expect(kind.some((item) => item.answer === 'no')).toBe(true);
      }
    }
  });

  it('never repeats an item within a split', () => {
    for (const split of splits) expect(new Set(sets[split].map(key)).size).toBe(300);
  });

  it('honours the node and relation knobs', () => {
    const items = generateCorr2cause({
      seed: 2,
      count: 80,
      split: 'dev',
      minNodes: 4,
      maxNodes: 4,
      relations: ['confounder', 'collider-of'],
    });
    for (const item of items) {
      expect(item.difficulty.nodes).toBe(4);
      expect(item.question).toMatch(/confounder|is a collider of/);
    }
    const both = [...sets.train, ...sets.dev, ...sets.test];
    expect(new Set(both.map((item) => item.difficulty.nodes))).toEqual(new Set([3, 4]));
  });

  it('runs out of distinct 3-node items quickly, and says so', () => {
    // Only 18 hypotheses over 3 variables are entailed, across all splits.
    for (const split of splits) {
      expect(() =>
        generateCorr2cause({ seed: 1, count: 40, split, minNodes: 3, maxNodes: 3 }),
      ).toThrow(InvalidInputError);
    }
  });

  it('rejects impossible options', () => {
    const bad = [
      { minNodes: 2 },
      { maxNodes: 6 },
      { minNodes: 4, maxNodes: 3 },
      { relations: [] },
      { relations: ['sibling' as 'parent'] },
    ];
    for (const knobs of bad) {
      expect(() => generateCorr2cause({ seed: 1, count: 1, split: 'dev', ...knobs })).toThrow(
        InvalidInputError,
      );
    }
    expect(() => corr2causeItem({ seed: Number.NaN, split: 'dev', index: 0 })).toThrow(
      InvalidInputError,
    );
  });
});
