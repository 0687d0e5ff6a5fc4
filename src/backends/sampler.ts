/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** The index of the largest logit; the lowest index wins a tie. */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let index = 1; index < logits.length; index++) {
    if ((logits[index] ?? -Infinity) > (logits[best] ?? -Infinity)) best = index;
  }
  return best;
}

/** log softmax(logits)[token]: the model's own log-probability of a token. */
export function logprobOf(logits: ArrayLike<number>, token: number): number {
  let max = -Infinity;
  for (let index = 0; index < logits.length; index++)
    max = Math.max(max, logits[index] ?? -Infinity);
  let sum = 0;
  for (let index = 0; index < logits.length; index++)
    sum += Math.exp((logits[index] ?? -Infinity) - max);
  return (logits[token] ?? -Infinity) - max - Math.log(sum);
}

export interface SampleOptions {
  /** Softmax temperature; 0 picks the most likely token. Default: 0. */
  temperature?: number;
  /** Keep the smallest set of tokens whose probability reaches this mass. Default: 1. */
  topP?: number;
  /** The uniform source; needed only when temperature is above 0. */
  random?: Random;
}

/** Picks the next token from one row of logits. */
export function sampleToken(logits: ArrayLike<number>, options: SampleOptions = {}): number {
  const temperature = options.temperature ?? 0;
  const topP = options.topP ?? 1;
  if (temperature <= 0 || !options.random) return argmax(logits);

  const max = logits[argmax(logits)] ?? 0;
  const weights = Array.from(logits, (logit) => Math.exp((logit - max) / temperature));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (topP >= 1) return draw(weights, weights.keys(), total, options.random);

  // Ties keep index order so that the draw does not depend on the sort's whims.
  const order = [...weights.keys()].sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a - b);
  let kept = 0;
  let mass = 0;
  while (kept < order.length && (kept === 0 || mass < topP * total * (1 - 1e-9))) {
    mass += weights[order[kept] ?? 0] ?? 0;
    kept++;
  }
  return draw(weights, order.slice(0, kept), mass, options.random);
}

function draw(weights: number[], tokens: Iterable<number>, mass: number, random: Random): number {
  let target = random() * mass;
  let last = 0;
  for (const token of tokens) {
    last = token;
    target -= weights[token] ?? 0;
    if (target < 0) return token;
  }
  // Rounding can leave a sliver of mass; it belongs to the last candidate.
  return last;
}
