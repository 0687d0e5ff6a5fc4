import { at } from '../../util/at.js';
import { InvalidInputError } from '../../core/errors.js';
import { createRandom, hashString, type Random } from '../../util/random.js';

export type CausalSplit = 'train' | 'dev' | 'test';

const SPLITS: readonly CausalSplit[] = ['train', 'dev', 'test'];

export interface CausalDraw {
  /** The draw's own random source. */
  random: Random;
  /**
   * A source shared by items 2k and 2k+1 and restarted on every draw, for
   * choices both should make alike (shape, rung...), so each choice gets
   * one yes and one no.
   */
  shared: Random;
  /** The wanted answer: true for yes. */
  label: boolean;
  id: string;
  /** Draws tried before this one; a builder may stop using `shared` late. */
  attempt: number;
  /**
   * Whether a candidate with this split key belongs to the split; lets a
   * builder skip costly work on candidates that would be dropped anyway.
   */
  owns: (key: string) => boolean;
}

export interface DrawCausalItemOptions<T> {
  /** Suite prefix of ids and seed strings, e.g. `ladder`. */
  name: string;
  seed: number;
  split: CausalSplit;
  /** Position of the item in its split, from 0. */
  index: number;
  /**
   * Builds a candidate from a draw, or returns null when this draw cannot
   * give one with the wanted answer, so the next draw is tried.
   */
  build: (draw: CausalDraw) => T | null;
  /**
   * The text that decides which split a candidate belongs to: a candidate
   * is kept only in the split its hash names.
   */
  splitKey: (candidate: T) => string;
  /** Rejects a candidate, e.g. one drawn before. Default: accepts all. */
  isTaken?: (candidate: T) => boolean;
  /** Draws to try before giving up. Default: 2000. */
  maxAttempts?: number;
}

/**
 * Draws item `index` of a split. Draw `attempt` is seeded from
 * `name:seed:split:index:attempt`, so an item never depends on the items
 * before it and a suite can stream any number of them.
 *
 * The wanted answer comes from a coin shared by items 2k and 2k+1, which
 * get opposite answers: every even prefix is exactly balanced, and so is
 * every choice drawn from `shared`.
 *
 * Splits are disjoint by construction: a candidate is kept only when the
 * hash of its split key (salted with the name, not the seed) names this
 * split, so the same text can never land in two splits, whatever the seeds.
 *
 * @throws InvalidInputError when no draw succeeds within `maxAttempts`.
 */
export function drawCausalItem<T>(options: DrawCausalItemOptions<T>): T {
  const { name, seed, split, index } = options;
  const maxAttempts = options.maxAttempts ?? 2000;
  validateIndex(seed, split, index);

  const pair = `${seed}:${split}:${Math.floor(index / 2)}`;
  const label = (hashString(`${name}-label:${pair}`) % 2 === 1) !== (index % 2 === 1);
  const id = causalItemId(name, split, index);

  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const random = createRandom(hashString(`${name}:${seed}:${split}:${index}:${attempt}`));
    const shared = createRandom(hashString(`${name}-pair:${pair}`));
    const owns = (key: string) => splitOfKey(name, key) === split;
    const candidate = options.build({ random, shared, label, id, attempt, owns });
    if (candidate === null) continue;

    // Checked before `isTaken`: a candidate of another split is never ours.
    if (!owns(options.splitKey(candidate))) continue;
    if (options.isTaken?.(candidate) === true) continue;
    return candidate;
  }
  throw new InvalidInputError(
    `Cannot draw ${id} (answer ${label ? 'yes' : 'no'}) in ${maxAttempts} attempts; ` +
      'the split may have no distinct items left. Ask for fewer items or widen the options.',
  );
}

/** The split a candidate with this key belongs to. */
export function splitOfKey(name: string, key: string): CausalSplit {
  return SPLITS[hashString(`${name}-split:${key}`) % SPLITS.length] ?? 'train';
}

/** `ladder-test-0001` for index 0 of the test split. */
export function causalItemId(name: string, split: CausalSplit, index: number): string {
  return `${name}-${split}-${String(index + 1).padStart(4, '0')}`;
}

export interface GenerateDistinctOptions<T> {
  count: number;
  /** Draws item `index`, rejecting candidates `isTaken` says were drawn. */
  draw: (index: number, isTaken: (candidate: T) => boolean) => T;
  /** Identity of a candidate for de-duplication. */
  key: (candidate: T) => string;
}

/**
 * Draws `count` items with no repeats. Item i is the streamed item i unless
 * that one repeats an earlier item, in which case the next draw is used.
 */
export function generateDistinct<T>(options: GenerateDistinctOptions<T>): T[] {
  const { count } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidInputError(`count must be a whole number >= 0, got ${count}.`);
  }

  const seen = new Set<string>();
  const items: T[] = [];
  for (let index = 0; index < count; index++) {
    const item = options.draw(index, (candidate) => seen.has(options.key(candidate)));
    seen.add(options.key(item));
    items.push(item);
  }
  return items;
}

function validateIndex(seed: number, split: CausalSplit, index: number): void {
  if (!SPLITS.includes(split)) {
    throw new InvalidInputError(`split must be one of ${SPLITS.join(', ')}, got ${split}.`);
  }
  if (!Number.isFinite(seed)) {
    throw new InvalidInputError(`seed must be a finite number, got ${seed}.`);
  }
  if (!Number.isInteger(index) || index < 0) {
    throw new InvalidInputError(`index must be a whole number >= 0, got ${index}.`);
  }
}
