import { createRandom } from '../util/random.js';
import { quantile } from './statistics.js';

/** What paired statistics need of an item's outcome; an ItemResult has it. */
export interface Scored {
  id: string;
  correct: boolean;
}

/** One item answered by both runs. */
export interface Pair<T extends Scored = Scored> {
  id: string;
  a: T;
  b: T;
}

/**
 * Pairs two runs' results by item id, in `a`'s order, keeping only items
 * that both runs answered. A repeated id keeps its last line, as resume does.
 */
export function pairResults<T extends Scored>(a: readonly T[], b: readonly T[]): Pair<T>[] {
  const byId = new Map(b.map((result) => [result.id, result]));
  const lastOfA = new Map(a.map((result) => [result.id, result]));
  const pairs: Pair<T>[] = [];
  for (const [id, left] of lastOfA) {
    const right = byId.get(id);
    if (right) pairs.push({ id, a: left, b: right });
  }
  return pairs;
}

/**
 * Exact two-sided McNemar test: under the null, each discordant pair is
 * equally likely to favour either run, so the smaller count is
 * Binomial(b01 + b10, 1/2). Returns 1 when no pair is discordant.
 */
export function mcnemarExact(b01: number, b10: number): number {
  const n = b01 + b10;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfLowerTail(Math.min(b01, b10), n));
}

/** P(X <= k) for X ~ Binomial(n, 1/2), with k <= n / 2. */
function binomialHalfLowerTail(k: number, n: number): number {
  // Below 2^1000 the terms are exact enough as plain doubles.
  if (n <= 1000) {
    let term = 1;
    let sum = 1;
    for (let index = 0; index < k; index++) {
      term = (term * (n - index)) / (index + 1);
      sum += term;
    }
    return sum / 2 ** n;
  }

  // Larger n overflows 2^n; sum in log space relative to the largest term.
  const logs: number[] = [0];
  for (let index = 0; index < k; index++) {
    logs.push((logs[index] ?? 0) + Math.log(n - index) - Math.log(index + 1));
  }
  const largest = logs[logs.length - 1] ?? 0;
  const scaled = logs.reduce((sum, log) => sum + Math.exp(log - largest), 0);
  return Math.exp(largest + Math.log(scaled) - n * Math.LN2);
}

export interface PairedBootstrapOptions {
  /** Bootstrap resamples drawn. Default: 10000. */
  resamples?: number;
  /** Seed of the resampling, so an interval is reproducible. Default: 0. */
  seed?: number;
  /** Coverage of the percentile interval. Default: 0.95. */
  level?: number;
}

/**
 * Percentile bootstrap interval for accuracy(b) - accuracy(a), resampling
 * items with their pair intact, so the runs' shared item difficulty
 * cancels out. Returns [-1, 1] when there are no pairs.
 */
export function pairedBootstrap(
  pairs: readonly Pair[],
  options: PairedBootstrapOptions = {},
): [number, number] {
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  const n = pairs.length;
  if (n === 0) return [-1, 1];

  // Only each pair's difference (-1, 0 or +1) matters to a resample.
  const differences = Int8Array.from(pairs, (pair) => Number(pair.b.correct) - Number(pair.a.correct));

  const random = createRandom(options.seed ?? 0);
  const estimates: number[] = new Array<number>(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let total = 0;
    for (let draw = 0; draw < n; draw++) {
      total += differences[Math.floor(random.next() * n)] ?? 0;
    }
    estimates[resample] = total / n;
  }

  const tail = (1 - level) / 2;
  return [quantile(estimates, tail), quantile(estimates, 1 - tail)];
}

export interface PairedComparison {
  /** Items answered by both runs. */
  n: number;
  accuracyA: number;
  accuracyB: number;
  /** accuracyB - accuracyA over the paired items. */
  difference: number;
  /** Paired bootstrap interval of the difference. */
  ci95: [number, number];
  /** Pairs only one run got right. */
  discordant: { aOnly: number; bOnly: number };
  /** Exact McNemar p-value for "both runs are equally accurate". */
  mcnemarP: number;
}

/**
 * Compares two runs over the items both answered: accuracies, their
 * difference with a paired bootstrap 95% interval, and McNemar's p.
 */
export function comparePaired<T extends Scored>(
  a: readonly T[],
  b: readonly T[],
  options: Omit<PairedBootstrapOptions, 'level'> = {},
): PairedComparison {
  const pairs = pairResults(a, b);
  const n = pairs.length;
  const correctA = pairs.filter((pair) => pair.a.correct).length;
  const correctB = pairs.filter((pair) => pair.b.correct).length;
  const aOnly = pairs.filter((pair) => pair.a.correct && !pair.b.correct).length;
  const bOnly = pairs.filter((pair) => !pair.a.correct && pair.b.correct).length;
  const accuracyA = n ? correctA / n : 0;
  const accuracyB = n ? correctB / n : 0;

  return {
    n,
    accuracyA,
    accuracyB,
    difference: accuracyB - accuracyA,
    ci95: pairedBootstrap(pairs, { ...options, level: 0.95 }),
    discordant: { aOnly, bOnly },
    mcnemarP: mcnemarExact(aOnly, bOnly),
  };
}
