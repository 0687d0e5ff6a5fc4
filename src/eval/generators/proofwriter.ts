import { InvalidInputError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import { createRandom, hashString } from '../../util/random.js';
import { type Draft, draftTheory, type ProofwriterLabel } from './proofwriter-build.js';
import {
  closeTheory,
  type Derivation,
  isContradictory,
  literalKey,
  negate,
  renderFact,
  renderRule,
  type Theory,
} from './proofwriter-theory.js';
import { isContentWord } from '../../tools/english-words.js';
import {
  ANIMALS,
  ATTRIBUTES,
  type ProofwriterSplit,
  VERB_FORMS,
} from './proofwriter-vocabulary.js';

export type { ProofwriterSplit } from './proofwriter-vocabulary.js';

export interface ProofwriterItemOptions {
  /** Seed of the whole set: the same seed gives the same items. */
  seed: number;
  /**
   * Which split. Each split draws its people and animals from its own
   * part of the vocabulary, so no item of one split equals one of another
   * (unless `animals` says otherwise).
   */
  split: ProofwriterSplit;
  /** Position of the item in its split, from 0. */
  index: number;
  /** Fewest rule applications the answer needs; 0 asks about a stated fact. Default: 0. */
  minDepth?: number;
  /** Most rule applications, at most 5. Default: 5. */
  maxDepth?: number;
  /**
   * Fewest and most distractor facts drawn, uniformly; a draw that repeats
   * a stated fact or the question is dropped. Default: [1, 4].
   * The published ProofWriter depth-5 theories state 7-16 facts in all;
   * [4, 12] gives theories as long as theirs.
   */
  distractorFacts?: readonly [number, number];
  /**
   * The animals that animal theories are about ("tiger", "bald eagle"),
   * instead of the split's own: at least four different ones, since a
   * theory names three or four, in lower-case words that are no word the
   * theories use otherwise (grammar, attributes, verbs). Items then no
   * longer keep to their split's entities: meant for training data that
   * must cover another vocabulary, such as the published theories'.
   * Default: the split's animals.
   */
  animals?: readonly string[];
}

export interface GenerateProofwriterOptions extends Omit<ProofwriterItemOptions, 'index'> {
  /** How many items to generate. */
  count: number;
}

export const PROOFWRITER_OPTIONS: readonly string[] = ['A) True', 'B) False', 'C) Unknown'];

const MAX_DEPTH = 5;
const DISTRACTOR_FACTS: readonly [number, number] = [1, 4];
const MAX_DISTRACTOR_FACTS = 20;
const MAX_ATTEMPTS = 1000;
const LETTERS: Record<ProofwriterLabel, string> = { true: 'A', false: 'B', unknown: 'C' };
const ORDERS: readonly ProofwriterLabel[][] = [
  ['true', 'false', 'unknown'],
  ['true', 'unknown', 'false'],
  ['false', 'true', 'unknown'],
  ['false', 'unknown', 'true'],
  ['unknown', 'true', 'false'],
  ['unknown', 'false', 'true'],
];
const QUESTION =
  'Based on the above information, is the following statement true, false, or unknown?';

/**
 * Generates ProofWriter-style items (open world): facts and if-then rules
 * about people or animals, and a statement that is True (it follows by
 * forward chaining), False (its negation follows) or Unknown (neither
 * does). The gold reasoning is the shortest proof, one rule application
 * per line.
 *
 * Item i depends only on (seed, split, i), so a longer set starts with a
 * shorter one. Each run of three items holds one of each label, so a
 * count divisible by 3 is exactly balanced. Items are not deduplicated
 * across indices; random theories make a repeat unlikely (none in tests
 * of thousands of items).
 */
export function generateProofwriter(options: GenerateProofwriterOptions): EvalItem[] {
  const { count, ...rest } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidInputError(`count must be a whole number >= 0, got ${count}.`);
  }
  return Array.from({ length: count }, (_, index) => proofwriterItem({ ...rest, index }));
}

/**
 * Item `index` of a split on its own, equal to `generateProofwriter(...)[index]`.
 *
 * Depth (rule applications in the shortest proof) is the planned one; for
 * Unknown, where nothing proves the statement, it is the depth of the
 * whole closure, since ruling a proof out means chaining that far.
 */
export function proofwriterItem(options: ProofwriterItemOptions): EvalItem {
  const { seed, split, index } = options;
  const minDepth = options.minDepth ?? 0;
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  const distractorFacts = options.distractorFacts ?? DISTRACTOR_FACTS;
  validate({ seed, index, minDepth, maxDepth, distractorFacts });
  const animals = options.animals ?? ANIMALS[split];
  if (options.animals) validateAnimals(options.animals);

  const order =
    ORDERS[hashString(`proofwriter-label:${seed}:${split}:${Math.floor(index / 3)}`) % 6];
  const label = order?.[index % 3] ?? 'true';
  const span = maxDepth - minDepth + 1;
  const depth = minDepth + (hashString(`proofwriter-depth:${seed}:${split}:${index}`) % span);
  const people = hashString(`proofwriter-people:${seed}:${split}:${index}`) % 2 === 0;

  // Distractors sometimes shorten, lengthen or contradict the plan: draw again.
  // Label, depth and domain are fixed outside the loop so redraws cannot skew them.
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const random = createRandom(hashString(`proofwriter:${seed}:${split}:${index}:${attempt}`));
    const draft = draftTheory(random, { split, depth, label, people, animals, distractorFacts });
    const known = closeTheory(draft.theory);
    if (isContradictory(known) || judge(draft, known) !== `${label}:${depth}`) continue;
    return toItem(draft, known, { id: itemId(split, index), label, depth });
  }
  throw new InvalidInputError(
    `Could not build a ${label} item of depth ${depth} in ${MAX_ATTEMPTS} attempts; ` +
      'widen the depth range or allow fewer distractor facts.',
  );
}

/** The label and depth chaining gives, as `label:depth`. */
function judge(draft: Draft, known: ReadonlyMap<string, Derivation>): string {
  const holds = known.get(literalKey(draft.question));
  if (holds) return `true:${holds.depth}`;
  const fails = known.get(literalKey(negate(draft.question)));
  if (fails) return `false:${fails.depth}`;
  const closure = Math.max(0, ...[...known.values()].map((entry) => entry.depth));
  return `unknown:${closure}`;
}

function toItem(
  draft: Draft,
  known: ReadonlyMap<string, Derivation>,
  meta: { id: string; label: ProofwriterLabel; depth: number },
): EvalItem {
  const { theory, question } = draft;
  const sentences = [
    ...theory.facts.map(renderFact),
    ...theory.rules.map((rule) => renderRule(rule, theory.people)),
  ];

  let reasoning: string[];
  if (meta.label === 'unknown') {
    const derived = [...known.values()].filter((entry) => entry.rule !== null);
    reasoning = [
      ...derived.map((entry) => step(entry, known, theory)),
      'Neither the statement nor its negation follows, so it is unknown.',
    ];
  } else {
    const target = meta.label === 'true' ? question : negate(question);
    const verdict = meta.label === 'true' ? 'the statement is true' : 'the statement is false';
    reasoning = [...proof(literalKey(target), known, theory), `So ${verdict}.`];
  }

  return {
    id: meta.id,
    question: `${QUESTION} ${renderFact(question)}`,
    context: sentences.join(' '),
    options: [...PROOFWRITER_OPTIONS],
    answer: LETTERS[meta.label],
    format: 'letter',
    category: 'deductive',
    suite: 'deductive/proofwriter',
    difficulty: { depth: meta.depth },
    goldReasoning: reasoning,
  };
}

/** The stated fact, or one line per rule application, shallowest first. */
function proof(key: string, known: ReadonlyMap<string, Derivation>, theory: Theory): string[] {
  const root = known.get(key);
  if (!root) return [];
  if (root.rule === null) return [renderFact(root.literal)];

  const used = new Map<string, Derivation>();
  const visit = (current: string): void => {
    const entry = known.get(current);
    if (!entry || entry.rule === null || used.has(current)) return;
    entry.premises.forEach(visit);
    used.set(current, entry);
  };
  visit(key);
  return [...used.values()]
    .sort((a, b) => a.depth - b.depth)
    .map((entry) => step(entry, known, theory));
}

/** "The bear is big. If something is big then it is red. So the bear is red." */
function step(entry: Derivation, known: ReadonlyMap<string, Derivation>, theory: Theory): string {
  const rule = theory.rules[entry.rule ?? -1];
  const premises = entry.premises.flatMap((key) => {
    const premise = known.get(key);
    return premise ? [renderFact(premise.literal)] : [];
  });
  const conclusion = renderFact(entry.literal).replace(/^The /, 'the ');
  const ruleText = rule ? renderRule(rule, theory.people) : '';
  return [...premises, ruleText, `So ${conclusion}`].join(' ');
}

function itemId(split: ProofwriterSplit, index: number): string {
  return `proofwriter-${split}-${String(index + 1).padStart(4, '0')}`;
}

/** Fewest animals a theory can draw its three or four entities from. */
const MIN_ANIMALS = 4;

/** Words the theories use for something else: an animal named so would not read back. */
const NOT_ANIMAL_WORDS = new Set([...ATTRIBUTES, ...VERB_FORMS]);

/**
 * Throws unless `animals` can name the animals of theories: each lower-case
 * words, none of them grammar ("the", "something", "things"), an attribute or
 * a verb, and at least four, all different.
 */
export function validateAnimals(animals: readonly string[]): void {
  for (const animal of animals) {
    const words = animal.split(' ');
    if (!/^[a-z]+( [a-z]+)*$/.test(animal)) {
      throw new InvalidInputError(
        `An animal is lower-case words with single spaces and no "the" ("tiger", ` +
          `"bald eagle"), got "${animal}".`,
      );
    }
    const clash = words.find((word) => !isContentWord(word) || NOT_ANIMAL_WORDS.has(word));
    if (clash !== undefined) {
      throw new InvalidInputError(
        `The animal "${animal}" uses "${clash}", which the theories read as grammar, an ` +
          'attribute or a verb; name it with other words.',
      );
    }
  }
  const repeated = animals.find((animal, index) => animals.indexOf(animal) !== index);
  if (repeated !== undefined) {
    throw new InvalidInputError(`"${repeated}" is listed twice in animals; list each once.`);
  }
  if (animals.length < MIN_ANIMALS) {
    throw new InvalidInputError(
      `animals must name at least ${MIN_ANIMALS} animals (a theory names three or four), ` +
        `got ${animals.length}.`,
    );
  }
}

function validate(options: {
  seed: number;
  index: number;
  minDepth: number;
  maxDepth: number;
  distractorFacts: readonly [number, number];
}) {
  const { seed, index, minDepth, maxDepth } = options;
  const [fewest, most] = options.distractorFacts;
  if (
    !Number.isInteger(fewest) ||
    !Number.isInteger(most) ||
    fewest < 0 ||
    fewest > most ||
    most > MAX_DISTRACTOR_FACTS
  ) {
    throw new InvalidInputError(
      `distractorFacts must be whole numbers [fewest, most] with 0 <= fewest <= most <= ` +
        `${MAX_DISTRACTOR_FACTS}, got [${fewest}, ${most}].`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new InvalidInputError(`seed must be a finite number, got ${seed}.`);
  }
  if (!Number.isInteger(index) || index < 0) {
    throw new InvalidInputError(`index must be a whole number >= 0, got ${index}.`);
  }
  const depthValid =
    Number.isInteger(minDepth) &&
    Number.isInteger(maxDepth) &&
    minDepth >= 0 &&
    maxDepth <= MAX_DEPTH;
  if (!depthValid || minDepth > maxDepth) {
    throw new InvalidInputError(
      `Depths must be whole numbers with 0 <= minDepth <= maxDepth <= ${MAX_DEPTH}, ` +
        `got ${minDepth} and ${maxDepth}.`,
    );
  }
}
