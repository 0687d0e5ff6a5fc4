import { InvalidInputError } from '../core/errors.js';

/** Two-sided 95% normal quantile. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion: unlike the normal
 * approximation it stays inside [0, 1] and is honest for small n and for
 * accuracies near 0 or 1.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  const counts = typeof successes === 'number' && typeof n === 'number';
  if (!(counts && n >= 0 && successes >= 0 && successes <= n && Number.isFinite(n))) {
    throw new InvalidInputError(
      `wilsonInterval takes successes from 0 to n and a finite n >= 0, not ${successes} of ${n}.`,
    );
  }
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Rounding keeps an exact 0 or 1 from printing as 3e-18.
  const round = (value: number) => Math.round(value * 1e12) / 1e12;
  return [Math.max(0, round(centre - half)), Math.min(1, round(centre + half))];
}

export function mean(values: number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The q-quantile (0..1) by linear interpolation between order statistics. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lower = sorted[low] ?? 0;
  const upper = sorted[high] ?? lower;
  return lower + (upper - lower) * (position - low);
}
