import { describe, expect, it } from 'vitest';
import { argmax, logprobOf, sampleToken } from '../../src/backends/sampler.js';
import { deriveSeed } from '../../src/util/hash.js';
import { createRandom as createGenerator } from '../../src/util/random.js';

const createRandom = (seed: number) => createGenerator(seed).next;

function draws(
  count: number,
  logits: number[],
  options: { temperature?: number; topP?: number; seed?: number },
) {
  const random = createRandom(options.seed ?? 1);
  return Array.from({ length: count }, () => sampleToken(logits, { ...options, random }));
}

describe('createRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const first = createRandom(42);
    const second = createRandom(42);
    const values = Array.from({ length: 1000 }, () => first());
    expect(values).toEqual(Array.from({ length: 1000 }, () => second()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('gives different sequences for different seeds', () => {
    const a = createRandom(1);
    const b = createRandom(2);
    expect([a(), a(), a()]).not.toEqual([b(), b(), b()]);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of seed and index', () => {
    expect(deriveSeed(7, 2)).toBe(deriveSeed(7, 2));
    const seeds = new Set([0, 1, 2, 3, 4].map((index) => deriveSeed(7, index)));
    expect(seeds.size).toBe(5);
    expect(deriveSeed(7, 0)).not.toBe(deriveSeed(8, 0));
  });
});

describe('argmax and logprobOf', () => {
  it('picks the lowest index on a tie', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
  });

  it('returns log-probabilities that sum to one', () => {
    const logits = [0.5, -1, 2, 0];
    const total = logits.reduce((sum, _, token) => sum + Math.exp(logprobOf(logits, token)), 0);
    expect(total).toBeCloseTo(1, 10);
    expect(logprobOf([0, 0], 1)).toBeCloseTo(Math.log(0.5), 10);
  });
});

describe('sampleToken', () => {
  const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];

  it('is greedy at temperature 0 or without a random source', () => {
    expect(sampleToken([0, 5, 1])).toBe(1);
    expect(sampleToken([0, 5, 1], { temperature: 0, random: createRandom(3) })).toBe(1);
    expect(sampleToken([0, 5, 1], { temperature: 1 })).toBe(1);
  });

  it('reproduces the same draws for the same seed', () => {
    const options = { temperature: 1, seed: 11 };
    expect(draws(50, logits, options)).toEqual(draws(50, logits, options));
    expect(draws(50, logits, options)).not.toEqual(draws(50, logits, { ...options, seed: 12 }));
  });

  it('follows the softmax distribution at temperature 1', () => {
    const counts = [0, 0, 0, 0];
    for (const token of draws(20_000, logits, { temperature: 1 }))
      counts[token] = (counts[token] ?? 0) + 1;
    expect((counts[0] ?? 0) / 20_000).toBeCloseTo(0.5, 1);
    expect((counts[1] ?? 0) / 20_000).toBeCloseTo(0.3, 1);
    expect((counts[3] ?? 0) / 20_000).toBeCloseTo(0.05, 1);
  });

  it('keeps only the nucleus under top-p', () => {
    const tokens = new Set(draws(2_000, logits, { temperature: 1, topP: 0.8 }));
    expect([...tokens].sort()).toEqual([0, 1]);
    expect(new Set(draws(200, logits, { temperature: 1, topP: 0.01 }))).toEqual(new Set([0]));
  });

  it('flattens the distribution at high temperature', () => {
    const hot = draws(5_000, logits, { temperature: 100 }).filter((token) => token === 3).length;
    expect(hot / 5_000).toBeGreaterThan(0.2);
  });
});
