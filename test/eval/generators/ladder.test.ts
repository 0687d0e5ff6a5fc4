import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/core/errors.js';
import {
  generateLadder,
  ladderItem,
  ladderItemWithModel,
} from '../../../src/eval/generators/ladder.js';
import { LADDER_SHAPES, SHAPE_GRAPHS } from '../../../src/eval/generators/ladder-model.js';
import { LADDER_STORIES, NONSENSE_WORDS } from '../../../src/eval/generators/ladder-vocabulary.js';
import { EvalItem } from '../../../src/eval/item.js';

const splits = ['train', 'dev', 'test'] as const;
const key = (item: EvalItem) => `${item.context}\n${item.question}`;
const keys = (items: EvalItem[]) => new Set(items.map(key));

describe('generateLadder', () => {
  const sets = Object.fromEntries(
    splits.map((split) => [split, generateLadder({ seed: 7, count: 240, split })]),
  ) as Record<(typeof splits)[number], EvalItem[]>;

  it('produces valid yes-no items with CLadder ids and metadata', () => {
    for (const item of sets.dev) expect(EvalItem.parse(item)).toEqual(item);
    expect(sets.test[0]?.id).toBe('ladder-test-0001');
    expect(sets.test[239]?.id).toBe('ladder-test-0240');
    for (const item of sets.train) {
      expect(item).toMatchObject({ format: 'yes-no', category: 'causal', suite: 'causal/ladder' });
      expect(['yes', 'no']).toContain(item.answer);
      expect(Object.keys(item.difficulty).sort()).toEqual(['factors', 'nodes', 'rung', 'shape']);
      expect(item.goldReasoning?.at(-1)).toMatch(new RegExp(`so the answer is ${item.answer}\\.$`));
    }
  });

  it('is deterministic, prefix-stable and equal to the streamed items', () => {
    expect(generateLadder({ seed: 7, count: 240, split: 'test' })).toEqual(sets.test);
    expect(generateLadder({ seed: 7, count: 30, split: 'test' })).toEqual(sets.test.slice(0, 30));
    sets.dev.forEach((item, index) => {
      expect(ladderItem({ seed: 7, split: 'dev', index })).toEqual(item);
    });
    expect(ladderItem({ seed: 7, split: 'dev', index: 5000 }).id).toBe('ladder-dev-5001');
  });

  it('depends on the seed', () => {
    const other = keys(generateLadder({ seed: 8, count: 240, split: 'test' }));
    expect([...keys(sets.test)].filter((item) => other.has(item))).toEqual([]);
  });

  it('keeps splits disjoint, also across seeds', () => {
    const [train, dev, test] = splits.map((split) => keys(sets[split]));
    const otherSeed = keys(generateLadder({ seed: 99, count: 240, split: 'train' }));
    for (const [a, b] of [
      [train, dev],
      [train, test],
      [dev, test],
      [otherSeed, test],
    ] as const) {
      expect([...(a ?? [])].filter((item) => b?.has(item))).toEqual([]);
    }
  });

  it('balances answers exactly, within each rung and each shape too', () => {
    for (const split of splits) {
      const items = sets[split];
      expect(items.filter((item) => item.answer === 'yes')).toHaveLength(120);
      for (const measure of ['rung', 'shape'] as const) {
        const tally = new Map<number, number>();
        for (const item of items) {
          const value = item.difficulty[measure] ?? -1;
          tally.set(value, (tally.get(value) ?? 0) + (item.answer === 'yes' ? 1 : -1));
        }
        expect([...tally.values()].every((balance) => balance === 0)).toBe(true);
      }
    }
    const odd = generateLadder({ seed: 2, count: 9, split: 'dev' });
    expect(odd.filter((item) => item.answer === 'yes').length).toBeOneOf([4, 5]);
  });

  it('covers every shape, rung and naming style by default', () => {
    const all = [...sets.train, ...sets.dev, ...sets.test];
    expect(new Set(all.map((item) => item.difficulty.rung))).toEqual(new Set([1, 2, 3]));
    expect(new Set(all.map((item) => item.difficulty.shape))).toEqual(
      new Set(LADDER_SHAPES.map((_, index) => index)),
    );
    const words = new Set(NONSENSE_WORDS);
    const nonsense = all.filter((item) =>
      words.has(/Each of (\w+)/.exec(item.context ?? '')?.[1] ?? ''),
    );
    expect(nonsense.length).toBeGreaterThan(all.length / 6);
    expect(nonsense.length).toBeLessThan(all.length / 2);
  });

  it('honours the shapes, rungs and names knobs', () => {
    const items = generateLadder({
      seed: 3,
      count: 60,
      split: 'train',
      shapes: ['front-door', 'fork'],
      rungs: [3],
      names: 'nonsense',
    });
    for (const item of items) {
      expect(item.difficulty.rung).toBe(3);
      expect([LADDER_SHAPES.indexOf('front-door'), LADDER_SHAPES.indexOf('fork')]).toContain(
        item.difficulty.shape,
      );
      const names = /Each of (.+) is either/.exec(item.context ?? '')?.[1]?.split(/, | and /);
      expect(names?.every((name) => NONSENSE_WORDS.includes(name))).toBe(true);
    }
  });

  it('keeps common-sense stories as told and turns anti-common-sense ones around', () => {
    const story = (shape: string, names: Record<string, string | undefined>) =>
      LADDER_STORIES.find(
        (candidate) =>
          candidate.shape === shape &&
          Object.values(candidate.names).every((name) => Object.values(names).includes(name)),
      );
    for (const style of ['commonsense', 'anti-commonsense'] as const) {
      for (let index = 0; index < 60; index++) {
        const { model } = ladderItemWithModel({ seed: 4, split: 'test', index, names: style });
        const names = Object.fromEntries(model.variables.map((v) => [v.role, v.name]));
        const told = story(model.shape, names);
        expect(told, model.variables.map((v) => v.name).join()).toBeDefined();
        const toldEdges = SHAPE_GRAPHS[model.shape].edges.map(
          ([parent, child]) => `${told?.names[parent]}>${told?.names[child]}`,
        );
        const stated = model.variables.flatMap((v) => v.parents.map((p) => `${p}>${v.name}`));
        const reversed = stated.map((edge) => edge.split('>').reverse().join('>'));
        if (style === 'commonsense') {
          expect(stated.sort()).toEqual([...toldEdges].sort());
          const effectOf = new Map(
            model.variables.flatMap((v) =>
              v.parents.map((p, i) => [`${p}>${v.name}`, v.effects[i]]),
            ),
          );
          expect(toldEdges.map((edge) => effectOf.get(edge))).toEqual(told?.effects);
        } else {
          expect(stated.filter((edge) => toldEdges.includes(edge))).toEqual([]);
          expect(reversed.some((edge) => toldEdges.includes(edge))).toBe(true);
        }
      }
    }
  });

  it('never repeats an item within a split', () => {
    const narrow = generateLadder({
      seed: 5,
      count: 300,
      split: 'dev',
      shapes: ['chain'],
      rungs: [1],
    });
    expect(keys(narrow).size).toBe(300);
  });

  it('rejects impossible options', () => {
    const bad = [
      { shapes: [] },
      { shapes: ['triangle' as 'chain'] },
      { rungs: [4 as 1] },
      { names: 'klingon' as 'nonsense' },
    ];
    for (const knobs of bad) {
      expect(() => generateLadder({ seed: 1, count: 1, split: 'dev', ...knobs })).toThrow(
        InvalidInputError,
      );
    }
    expect(() => generateLadder({ seed: 1, count: -1, split: 'dev' })).toThrow(InvalidInputError);
    expect(() => ladderItem({ seed: 1, split: 'dev', index: 1.5 })).toThrow(InvalidInputError);
    expect(() => ladderItem({ seed: 1, split: 'exam' as 'dev', index: 0 })).toThrow(
      InvalidInputError,
    );
  });
});
