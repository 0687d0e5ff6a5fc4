import { describe, expect, it } from 'vitest';
import {
  type Scored,
  comparePaired,
  mcnemarExact,
  pairResults,
  pairedBootstrap,
} from '../../src/eval/paired.js';
import { quantile } from '../../src/eval/statistics.js';
import { createRandom } from '../../src/util/random.js';

/** Results for ids `i0..`, correct where the pattern has a 1. */
function run(pattern: string): Scored[] {
  return [...pattern].map((bit, index) => ({ id: `i${index}`, correct: bit === '1' }));
}

/** n items: a right on the first `a`, b right on the first `b`. */
function nested(n: number, a: number, b: number) {
  const ids = Array.from({ length: n }, (_, index) => `i${index}`);
  return {
    a: ids.map((id, index) => ({ id, correct: index < a })),
    b: ids.map((id, index) => ({ id, correct: index < b })),
  };
}

describe('mcnemarExact', () => {
  it('matches values worked by hand', () => {
    // n = 10, P(X <= 1) = (1 + 10) / 1024.
    expect(mcnemarExact(1, 9)).toBe(0.021484375);
    expect(mcnemarExact(9, 1)).toBe(0.021484375);
    // n = 10, P(X <= 2) = (1 + 10 + 45) / 1024.
    expect(mcnemarExact(2, 8)).toBe(0.109375);
    // n = 3, P(X <= 0) = 1 / 8.
    expect(mcnemarExact(0, 3)).toBe(0.25);
    // n = 20, P(X <= 4) = (1 + 20 + 190 + 1140 + 4845) / 2^20.
    expect(mcnemarExact(4, 16)).toBe((2 * 6196) / 2 ** 20);
  });

  it('is 1 without discordant pairs and never above 1', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(1, 1)).toBe(1);
  });

  it('stays finite and agrees with the normal approximation for large n', () => {
    const p = mcnemarExact(1000, 1100);
    // Continuity-corrected z = 99 / sqrt(2100) = 2.160, two-sided p = 0.0308.
    expect(p).toBeGreaterThan(0.025);
    expect(p).toBeLessThan(0.036);
    expect(mcnemarExact(5000, 5000)).toBe(1);
    expect(mcnemarExact(0, 5000)).toBe(0);
  });

  it('joins smoothly where the log-space sum takes over', () => {
    const below = mcnemarExact(480, 520);
    const above = mcnemarExact(480, 521);
    expect(above).toBeLessThan(below);
    expect(below - above).toBeLessThan(0.02);
  });
});

describe('pairResults', () => {
  it('pairs by id in the order of a, keeping only shared items', () => {
    const a = [
      { id: 'x', correct: true },
      { id: 'y', correct: false },
      { id: 'only-a', correct: true },
    ];
    const b = [
      { id: 'y', correct: true },
      { id: 'only-b', correct: true },
      { id: 'x', correct: false },
    ];
    const pairs = pairResults(a, b);
    expect(pairs.map((pair) => pair.id)).toEqual(['x', 'y']);
    expect(pairs[0]).toMatchObject({ a: { correct: true }, b: { correct: false } });
  });

  it('pairs epochs with the same epoch, and a repeated line counts once', () => {
    const a = [
      { id: 'x', epoch: 0, correct: true },
      { id: 'x', epoch: 1, correct: false },
      { id: 'x', epoch: 1, correct: true },
    ];
    const b = [
      { id: 'x', epoch: 1, correct: false },
      { id: 'x', epoch: 0, correct: false },
    ];
    const pairs = pairResults(a, b);
    expect(pairs.map((pair) => [pair.epoch, pair.a.correct, pair.b.correct])).toEqual([
      [0, true, false],
      [1, true, false],
    ]);
  });
});

describe('pairedBootstrap', () => {
  it('gives the same interval for the same seed, and depends on the seed', () => {
    const { a, b } = nested(60, 30, 40);
    const pairs = pairResults(a, b);
    const first = pairedBootstrap(pairs, { seed: 3 });
    expect(pairedBootstrap(pairs, { seed: 3 })).toEqual(first);

    // Intervals of few resamples move with the seed (on a grid of 1/60, so some coincide).
    const seeds = Array.from({ length: 10 }, (_, seed) =>
      pairedBootstrap(pairs, { seed, resamples: 50 }),
    );
    expect(new Set(seeds.map(String)).size).toBeGreaterThan(1);
  });

  it('covers the true difference and excludes zero when b is clearly better', () => {
    // b is right everywhere a is, and on 40 more of 200 items: a difference of 0.2.
    const { a, b } = nested(200, 100, 140);
    const [low, high] = pairedBootstrap(pairResults(a, b));
    expect(low).toBeLessThan(0.2);
    expect(high).toBeGreaterThan(0.2);
    expect(low).toBeGreaterThan(0);
    // Discordant pairs all favour b, so no resample can favour a.
    expect(low).toBeGreaterThanOrEqual(0.1);
  });

  it('matches the spread of a plain resampling loop and of the normal approximation', () => {
    // 300 items: b alone right on 60, a alone right on 30, so p+ = 0.2, p- = 0.1.
    const ids = Array.from({ length: 300 }, (_, index) => `i${index}`);
    const a = ids.map((id, index) => ({ id, correct: index >= 60 && index < 150 }));
    const b = ids.map((id, index) => ({ id, correct: index < 60 || (index >= 90 && index < 150) }));
    const pairs = pairResults(a, b);
    const [low, high] = pairedBootstrap(pairs, { seed: 1 });

    // The same bootstrap, drawing every item of every resample one by one.
    const random = createRandom(99);
    const differences = pairs.map((pair) => Number(pair.b.correct) - Number(pair.a.correct));
    const estimates = Array.from({ length: 10_000 }, () => {
      let total = 0;
      for (let draw = 0; draw < 300; draw++) total += differences[random.int(0, 299)] ?? 0;
      return total / 300;
    });
    expect(low).toBeCloseTo(quantile(estimates, 0.025), 2);
    expect(high).toBeCloseTo(quantile(estimates, 0.975), 2);

    // sd of the mean difference: sqrt((0.3 - 0.1^2) / 300) = 0.0311.
    const sd = Math.sqrt((0.3 - 0.01) / 300);
    expect(low).toBeCloseTo(0.1 - 1.96 * sd, 2);
    expect(high).toBeCloseTo(0.1 + 1.96 * sd, 2);
  });

  it('is [0, 0] when every pair agrees, and [-1, 1] without pairs', () => {
    const same = run('1100101');
    expect(pairedBootstrap(pairResults(same, same))).toEqual([0, 0]);
    expect(pairedBootstrap([])).toEqual([-1, 1]);
  });

  it('widens with the level', () => {
    const pairs = pairResults(run('1010101010110100'), run('1111011010111110'));
    const [low90, high90] = pairedBootstrap(pairs, { level: 0.9 });
    const [low99, high99] = pairedBootstrap(pairs, { level: 0.99 });
    expect(low99).toBeLessThanOrEqual(low90);
    expect(high99).toBeGreaterThanOrEqual(high90);
  });
});

describe('comparePaired', () => {
  it('reports accuracies, discordant counts, the difference and McNemar p', () => {
    const a = run('1111100000');
    const b = run('1111111110');
    const comparison = comparePaired(a, b, { resamples: 1000 });
    expect(comparison).toMatchObject({
      n: 10,
      accuracyA: 0.5,
      accuracyB: 0.9,
      discordant: { aOnly: 0, bOnly: 4 },
      mcnemarP: 0.125,
    });
    expect(comparison.difference).toBeCloseTo(0.4, 12);
    expect(comparison.ci95[0]).toBeLessThanOrEqual(0.4);
    expect(comparison.ci95[1]).toBeGreaterThanOrEqual(0.4);
  });

  it('compares only the items both runs have', () => {
    const a = run('10');
    const b = [...run('01'), { id: 'extra', correct: true }];
    expect(comparePaired(a, b)).toMatchObject({ n: 2, discordant: { aOnly: 1, bOnly: 1 } });
    expect(comparePaired([], b)).toMatchObject({ n: 0, difference: 0, ci95: [-1, 1], mcnemarP: 1 });
  });
});
