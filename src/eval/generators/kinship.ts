import { InvalidInputError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import { createRandom, hashString, type Random } from '../../util/random.js';
import { at } from '../../util/at.js';
import { buildFamily, type Family, neighbours } from './kinship-family.js';
import { findPath, type KinshipPath } from './kinship-path.js';
import { type Hop, RELATIONS, relationWord } from './kinship-relations.js';
import { describeHop } from './kinship-story.js';
import { KINSHIP_NAMES, type KinshipSplit } from './kinship-vocabulary.js';

export type { KinshipSplit } from './kinship-vocabulary.js';
export { KINSHIP_ANSWERS } from './kinship-relations.js';

export interface KinshipItemOptions {
  /** Seed of the whole set: the same seed gives the same items. */
  seed: number;
  /**
   * Which split. Each split names people from its own part of the name
   * list, so no story of one split equals a story of another.
   */
  split: KinshipSplit;
  /** Position of the item in its split, from 0. */
  index: number;
  /** Fewest relations on the path from the asked person to the other. Default: 2. */
  minHops?: number;
  /** Most relations on the path, at most 10. Default: 6. */
  maxHops?: number;
  /**
   * Add two to four true facts about relatives off the path, hanging off
   * it or apart from it, never joining two people of the path. Default: true.
   */
  distractors?: boolean;
}

export interface GenerateKinshipOptions extends Omit<KinshipItemOptions, 'index'> {
  /** How many items to generate. */
  count: number;
}

const MIN_HOPS = 2;
const MAX_HOPS = 10;
const MAX_ATTEMPTS = 500;
const TARGET_ATTEMPTS = 12;
const FAMILY = { generations: 4, maxPeople: 30 };

/**
 * Generates kinship items in the style of CLUTRR: a story of family
 * facts along a path of `hops` relations from one person to another,
 * and the question of how the last is related to the first. The answer
 * is read off the family tree itself; a path is used only when each step
 * has a one-word name in the vocabulary (see `KINSHIP_ANSWERS`) that the
 * words of the path alone determine.
 *
 * Item i depends only on (seed, split, i), so a longer set starts with a
 * shorter one. Items are not deduplicated across indices; random
 * families make a repeat rare (none in tests of thousands of items).
 */
export function generateKinship(options: GenerateKinshipOptions): EvalItem[] {
  const { count, ...rest } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidInputError(`count must be a whole number >= 0, got ${count}.`);
  }
  return Array.from({ length: count }, (_, index) => kinshipItem({ ...rest, index }));
}

/** Item `index` of a split on its own, equal to `generateKinship(...)[index]`. */
export function kinshipItem(options: KinshipItemOptions): EvalItem {
  const { seed, split, index } = options;
  const minHops = options.minHops ?? 2;
  const maxHops = options.maxHops ?? 6;
  const distractors = options.distractors ?? true;
  validate({ seed, index, minHops, maxHops });

  // Drawn apart from the attempts, so long paths are not crowded out by redraws.
  const span = maxHops - minHops + 1;
  const hops = minHops + (hashString(`kinship-hops:${seed}:${split}:${index}`) % span);
  const wanted =
    RELATIONS[hashString(`kinship-answer:${seed}:${split}:${index}`) % RELATIONS.length];

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const random = createRandom(hashString(`kinship:${seed}:${split}:${index}:${attempt}`));
    const family = buildFamily(random, { names: KINSHIP_NAMES[split], ...FAMILY });

    // Aiming at a relation spreads the answers; long paths cannot reach some, so give up on it.
    const target = attempt < TARGET_ATTEMPTS ? (wanted ?? null) : null;
    const path = findPath(random, family, hops, target);
    if (!path) continue;
    const id = `kinship-${split}-${String(index + 1).padStart(4, '0')}`;
    return toItem(random, family, path, { id, distractors });
  }
  throw new InvalidInputError(`Could not find a ${hops}-hop path in ${MAX_ATTEMPTS} families.`);
}

function toItem(
  random: Random,
  family: Family,
  path: KinshipPath,
  meta: { id: string; distractors: boolean },
): EvalItem {
  const person = (index: number) => at(family.people, index);
  const first = person(at(path.people, 0));
  const last = person(at(path.people, path.people.length - 1));

  const sentences: string[] = [];
  const reasoning: string[] = [];
  path.hops.forEach((hop, step) => {
    const from = person(at(path.people, step));
    const to = person(at(path.people, step + 1));
    sentences.push(describeHop(random, from, to, hop));
    const word = relationWord(hop, to.gender);
    const sofar = relationWord(at(path.relations, step), to.gender);
    reasoning.push(
      step === 0
        ? `${to.name} is ${first.name}'s ${word}.`
        : `${to.name} is ${from.name}'s ${word}, so ${to.name} is ${first.name}'s ${sofar}.`,
    );
  });

  const extra = meta.distractors ? pickDistractors(random, family, path.people) : [];
  for (const fact of extra) {
    sentences.push(describeHop(random, person(fact.from), person(fact.to), fact.hop));
  }

  const answer = relationWord(at(path.relations, path.relations.length - 1), last.gender);
  return {
    id: meta.id,
    question:
      `How is ${last.name} related to ${first.name}? ` +
      `Answer with the one kinship word that completes "${last.name} is ${first.name}'s ___".`,
    context: random.shuffle(sentences).join(' '),
    options: null,
    answer,
    format: 'text',
    category: 'inductive',
    suite: 'inductive/kinship',
    difficulty: { hops: path.hops.length, distractors: extra.length },
    goldReasoning: reasoning,
  };
}

/**
 * Facts each adding one new person to the story, so the story stays a
 * forest and the path is the only way between its two ends.
 */
function pickDistractors(
  random: Random,
  family: Family,
  pathPeople: readonly number[],
): { from: number; to: number; hop: Hop }[] {
  const inStory = new Set(pathPeople);
  const wanted = random.int(2, 4);
  const facts: { from: number; to: number; hop: Hop }[] = [];
  for (let tries = 0; tries < 40 && facts.length < wanted; tries++) {
    const outside = family.people.map((_, index) => index).filter((index) => !inStory.has(index));
    if (outside.length < 2) break;
    const from = random.bool(0.7) ? random.pick([...inStory]) : random.pick(outside);
    const options = neighbours(family, from).filter((next) => !inStory.has(next.person));
    if (options.length === 0) continue;
    const next = random.pick(options);
    inStory.add(from);
    inStory.add(next.person);
    facts.push({ from, to: next.person, hop: next.hop });
  }
  return facts;
}

function validate(options: { seed: number; index: number; minHops: number; maxHops: number }) {
  const { seed, index, minHops, maxHops } = options;
  if (!Number.isFinite(seed)) {
    throw new InvalidInputError(`seed must be a finite number, got ${seed}.`);
  }
  if (!Number.isInteger(index) || index < 0) {
    throw new InvalidInputError(`index must be a whole number >= 0, got ${index}.`);
  }
  const valid =
    Number.isInteger(minHops) &&
    Number.isInteger(maxHops) &&
    minHops >= MIN_HOPS &&
    maxHops <= MAX_HOPS;
  if (!valid || minHops > maxHops) {
    throw new InvalidInputError(
      `Hops must be whole numbers with ${MIN_HOPS} <= minHops <= maxHops <= ${MAX_HOPS}, ` +
        `got ${minHops} and ${maxHops}.`,
    );
  }
}
