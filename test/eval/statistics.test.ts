import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/eval/statistics.js';

describe('wilsonInterval', () => {
  it('gives the Wilson 95% interval', () => {
    // 42 of 100: centre (0.42 + 1.9208/100) / 1.038415 = 0.42296, half-width 0.09494.
    const [low, high] = wilsonInterval(42, 100);
    expect(low).toBeCloseTo(0.32803, 4);
    expect(high).toBeCloseTo(0.51789, 4);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
  });

  it.each([
    [5, 3],
    [-1, 10],
    ['a', 10],
    [1, Infinity],
  ])('refuses %j of %j instead of returning NaN', (successes, n) => {
    expect(() => wilsonInterval(successes as number, n)).toThrow(
      /^wilsonInterval takes successes from 0 to n and a finite n >= 0, not /,
    );
  });
});
