import { type Random, createRandom } from '../util/random.js';
import { quantile } from './statistics.js';

/** What paired statistics need of an item's outcome; an ItemResult has it. */
export interface Scored {
  id: string;
  /** Repetition of the item (`--epochs`); absent means 0. */
  epoch?: number;
  correct: boolean;
}

/** One item (and epoch) answered by both runs. */
export interface Pair<T extends Scored = Scored> {
  id: string;
  epoch: number;
  a: T;
  b: T;
}

/**
 * Pairs two runs' results by item id and epoch, in `a`'s order, keeping
 * only those both runs have. A repeated key keeps its last line, as
 * resume does.
 */
export function pairResults<T extends Scored>(a: readonly T[], b: readonly T[]): Pair<T>[] {
  const key = (result: T) => `${result.id}#${result.epoch ?? 0}`;
  const right = new Map(b.map((result) => [key(result), result]));
  const left = new Map(a.map((result) => [key(result), result]));
  const pairs: Pair<T>[] = [];
  for (const [name, result] of left) {
    const other = right.get(name);
    if (other) pairs.push({ id: result.id, epoch: result.epoch ?? 0, a: result, b: other });
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
  // Up to n = 1000, 2^n and every term fit in a double.
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
 * cancels out. An item's epochs are resampled together, as one cluster.
 * Returns [-1, 1] when there are no pairs.
 */
export function pairedBootstrap(
  pairs: readonly Pair[],
  options: PairedBootstrapOptions = {},
): [number, number] {
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  if (pairs.length === 0) return [-1, 1];

  // Only each item's summed difference (-1, 0 or +1 per epoch) and size matter.
  const clusters = new Map<string, { difference: number; size: number }>();
  for (const pair of pairs) {
    const cluster = clusters.get(pair.id) ?? { difference: 0, size: 0 };
    cluster.difference += Number(pair.b.correct) - Number(pair.a.correct);
    cluster.size++;
    clusters.set(pair.id, cluster);
  }

  // Clusters alike in both are interchangeable, so a resample of n clusters
  // is a multinomial count per kind: a few binomial draws instead of n.
  const kinds = new Map<string, { difference: number; size: number; count: number }>();
  for (const { difference, size } of clusters.values()) {
    const kind = kinds.get(`${difference}/${size}`) ?? { difference, size, count: 0 };
    kind.count++;
    kinds.set(`${difference}/${size}`, kind);
  }
  const n = clusters.size;
  const binomial = binomialSampler(createRandom(options.seed ?? 0), n);

  const estimates = new Array<number>(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let left = n;
    let remaining = n;
    let total = 0;
    let count = 0;
    for (const kind of kinds.values()) {
      const drawn = kind.count === remaining ? left : binomial(left, kind.count / remaining);
      total += drawn * kind.difference;
      count += drawn * kind.size;
      left -= drawn;
      remaining -= kind.count;
    }
    estimates[resample] = total / count;
  }

  const tail = (1 - level) / 2;
  return [quantile(estimates, tail), quantile(estimates, 1 - tail)];
}

/**
 * Exact Binomial(trials, p) draws, trials <= maxTrials, by inversion over
 * outcomes taken outward from the mode: one uniform and about a standard
 * deviation of steps per draw.
 */
function binomialSampler(random: Random, maxTrials: number) {
  const logFactorial = new Float64Array(maxTrials + 1);
  for (let index = 1; index <= maxTrials; index++) {
    logFactorial[index] = (logFactorial[index - 1] ?? 0) + Math.log(index);
  }

  return (trials: number, p: number): number => {
    if (trials === 0 || p <= 0) return 0;
    if (p >= 1) return trials;

    const odds = p / (1 - p);
    const mode = Math.min(trials, Math.floor((trials + 1) * p));
    const logMode =
      (logFactorial[trials] ?? 0) -
      (logFactorial[mode] ?? 0) -
      (logFactorial[trials - mode] ?? 0) +
      mode * Math.log(p) +
      (trials - mode) * Math.log(1 - p);

    // Any fixed order of outcomes gives an exact inversion; this one ends soonest.
    let u = random.next() - Math.exp(logMode);
    let up = mode;
    let down = mode;
    let upMass = Math.exp(logMode);
    let downMass = upMass;
    while (u >= 0 && (up < trials || down > 0)) {
      if (up < trials) {
        upMass *= ((trials - up) / (up + 1)) * odds;
        up++;
        u -= upMass;
        if (u < 0) return up;
      }
      if (down > 0) {
        downMass *= down / ((trials - down + 1) * odds);
        down--;
        u -= downMass;
        if (u < 0) return down;
      }
    }

    // Rounding can leave a sliver of probability unspent; the mode takes it.
    return mode;
  };
}

export interface PairedComparison {
  /** Results (items times epochs) both runs have. */
  n: number;
  accuracyA: number;
  accuracyB: number;
  /** accuracyB - accuracyA over the paired items. */
  difference: number;
  /** Paired bootstrap interval of the difference. */
  ci95: [number, number];
  /** Pairs only one run got right. */
  discordant: { aOnly: number; bOnly: number };
  /**
   * Exact McNemar p-value for "both runs are equally accurate".
   * TODO(stepwise): with several epochs it counts every epoch's pair as
   * independent, so p is too small; the bootstrap interval is not.
   */
  mcnemarP: number;
}

/**
 * Compares two runs over the items (and epochs) both answered: accuracies,
 * their difference with a paired bootstrap 95% interval, and McNemar's p.
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
