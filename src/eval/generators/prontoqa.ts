import { capitalize } from '../../util/text.js';
import { at } from '../../util/at.js';
import { InvalidInputError } from '../../core/errors.js';
import type { EvalItem } from '../item.js';
import { createRandom, hashString, type Random } from '../../util/random.js';
import { CONCEPTS, PROPERTY_FAMILIES, SPLIT_NAMES } from './prontoqa-vocabulary.js';

export type ProntoqaSplit = 'train' | 'dev' | 'test';

export interface GenerateProntoqaOptions {
  /** Seed of the whole set: the same seed gives the same items. */
  seed: number;
  /** How many items to generate. */
  count: number;
  /**
   * Which split. Each split draws its entity names from its own part of
   * the name list, so no item of one split equals an item of another.
   */
  split: ProntoqaSplit;
  /** Fewest hops (rule applications in the proof). Default: 1. */
  minHops?: number;
  /** Most hops, at most 8. Default: 5. */
  maxHops?: number;
  /**
   * Add the distractors of PrOntoQA: a concept below the entity's, an
   * unrelated concept with the opposite of the asked property, and a rule
   * from it to another unrelated concept. Without them the asked property
   * appears once in the context, so matching words answers the item
   * without following the chain. Default: true.
   */
  distractors?: boolean;
}

const MAX_HOPS = 8;
const MAX_ATTEMPTS = 100;
const OPTIONS = ['A) True', 'B) False'];

interface Property {
  word: string;
  negated: boolean;
}

interface Concept {
  name: string;
  property: Property;
}

interface ItemPlan {
  id: string;
  split: ProntoqaSplit;
  minHops: number;
  maxHops: number;
  distractors: boolean;
  /** Whether the asked statement is true. */
  label: boolean;
}

/**
 * Generates PrOntoQA-style items: a chain of invented concepts ("Every
 * wumpus is a yumpus"), one property per concept, an entity in the first
 * concept, and a true-or-false question about the property of the concept
 * `hops` steps away, with the proof as gold reasoning.
 *
 * Item i of a split comes from a seed hashed from (seed, split, i), so a
 * longer set starts with the shorter one. Labels come in pairs, one true
 * and one false, so an even count is exactly balanced. A split never
 * repeats an item: a duplicate is drawn again from the next seed.
 */
export function generateProntoqa(options: GenerateProntoqaOptions): EvalItem[] {
  return [...prontoqaItems(options)];
}

/**
 * The same items as `generateProntoqa`, one at a time, holding only a
 * hash per item drawn: suites of 100,000 items stream through it.
 */
export function* prontoqaItems(options: GenerateProntoqaOptions): Generator<EvalItem> {
  const { seed, count, split } = options;
  const minHops = options.minHops ?? 1;
  const maxHops = options.maxHops ?? 5;
  const distractors = options.distractors ?? true;
  validate({ seed, count, minHops, maxHops });

  const seen = new Set<number>();
  for (let index = 0; index < count; index++) {
    const coin = hashString(`prontoqa-label:${seed}:${split}:${Math.floor(index / 2)}`) % 2;
    const label = (coin === 1) !== (index % 2 === 1);
    const id = `prontoqa-${split}-${String(index + 1).padStart(4, '0')}`;
    const plan: ItemPlan = { id, split, minHops, maxHops, distractors, label };

    for (let attempt = 0; ; attempt++) {
      const random = createRandom(hashString(`prontoqa:${seed}:${split}:${index}:${attempt}`));
      const item = generateItem(random, plan);
      // Two 32-bit hashes of the text: a false "duplicate" costs only a redraw.
      const text = `${item.context ?? ''}\n${item.question}`;
      const key = hashString(text) * 4294967296 + hashString(`${text}\u0000`);
      if (!seen.has(key)) {
        seen.add(key);
        yield item;
        break;
      }
      if (attempt === MAX_ATTEMPTS) {
        throw new InvalidInputError(
          `Cannot generate ${count} distinct items with ${minHops}-${maxHops} hops. ` +
            'Ask for fewer items or a wider hop range.',
        );
      }
    }
  }
}

function generateItem(random: Random, plan: ItemPlan): EvalItem {
  const hops = random.int(plan.minHops, plan.maxHops);
  const name = random.pick(SPLIT_NAMES[plan.split]);
  const words = random.shuffle(CONCEPTS);
  const families = random.shuffle(PROPERTY_FAMILIES);

  // Concepts below the entity's and past the asked one are in the
  // ontology but not in the proof; one family stays free for the branch.
  const below = plan.distractors ? 1 : 0;
  const above = Math.min(random.int(0, 2), families.length - 1 - below - hops);
  const chain: Concept[] = [];
  for (let index = 0; index < below + hops + above; index++) {
    const family = families[index] ?? [];
    chain.push({ name: at(words, index), property: randomProperty(random, family) });
  }
  const first = below;
  const asked = at(chain, below + hops - 1);

  const subtypeRules: string[] = [];
  const propertyRules: string[] = [];
  const sentences: string[] = [];
  chain.forEach((concept, index) => {
    propertyRules.push(propertyRule(random, concept.name, concept.property));
    sentences.push(at(propertyRules, index));
    const parent = chain[index + 1];
    if (parent) {
      subtypeRules.push(subtypeRule(random, concept.name, parent.name));
      sentences.push(at(subtypeRules, index));
    }
  });

  if (plan.distractors) {
    // PrOntoQA's distractor: an unrelated concept with the opposite property.
    const opposite = { word: asked.property.word, negated: !asked.property.negated };
    const stray = at(words, chain.length);
    const strayParent = at(words, chain.length + 1);
    const branch = [
      propertyRule(random, stray, opposite),
      subtypeRule(random, stray, strayParent),
      propertyRule(random, strayParent, randomProperty(random, families[chain.length] ?? [])),
    ];
    for (const sentence of branch) {
      sentences.splice(random.int(0, sentences.length), 0, sentence);
    }
  }

  const fact = `${name} is ${withArticle(at(chain, first).name)}.`;
  const proof = [fact];
  for (let step = 1; step < hops; step++) {
    proof.push(at(subtypeRules, first + step - 1));
    proof.push(`${name} is ${withArticle(at(chain, first + step).name)}.`);
  }
  proof.push(at(propertyRules, first + hops - 1));
  proof.push(`${name} is ${describeProperty(asked.property)}.`);

  const negated = plan.label ? asked.property.negated : !asked.property.negated;
  const stated = { word: asked.property.word, negated };
  return {
    id: plan.id,
    question: `Is the following statement true or false? ${name} is ${describeProperty(stated)}.`,
    context: [...sentences, fact].join(' '),
    options: [...OPTIONS],
    answer: plan.label ? 'A' : 'B',
    format: 'letter',
    category: 'deductive',
    suite: 'deductive/prontoqa',
    difficulty: { hops },
    goldReasoning: proof,
  };
}

function randomProperty(random: Random, family: readonly string[]): Property {
  return { word: random.pick(family), negated: random.bool() };
}

function subtypeRule(random: Random, child: string, parent: string): string {
  switch (random.int(0, 2)) {
    case 0:
      return `Every ${child} is ${withArticle(parent)}.`;
    case 1:
      return `Each ${child} is ${withArticle(parent)}.`;
    default:
      return `${capitalize(plural(child))} are ${plural(parent)}.`;
  }
}

function propertyRule(random: Random, concept: string, property: Property): string {
  const predicate = describeProperty(property);
  switch (random.int(0, 2)) {
    case 0:
      return `Every ${concept} is ${predicate}.`;
    case 1:
      return `Each ${concept} is ${predicate}.`;
    default:
      return `${capitalize(plural(concept))} are ${predicate}.`;
  }
}

/**
 * A rule of these items in one form, "Each X is Y." with X singular,
 * whichever of the three forms states it ("Every X is Y.", "Each X is Y.",
 * "Xs are Ys."); any other sentence comes back as it is. Chains written
 * with their rules in this form start each rule line with the concept just
 * reached, so the rule's object follows the words it is looked up by.
 */
export function oneRuleForm(sentence: string): string {
  const singular = /^(?:Every|Each) ([a-z]+) is (.+)$/.exec(sentence);
  if (singular && CONCEPT_SET.has(singular[1] ?? ''))
    return `Each ${singular[1]} is ${singular[2]}`;
  const plurals = /^([A-Z][a-z]+) are (not )?([a-z]+)\.$/.exec(sentence);
  const child = SINGULAR.get(plurals?.[1]?.toLowerCase() ?? '');
  if (!plurals || !child) return sentence;
  const object = plurals[3] ?? '';
  const parent = SINGULAR.get(object);
  const predicate = parent ? withArticle(parent) : object;
  return `Each ${child} is ${plurals[2] ?? ''}${predicate}.`;
}

const CONCEPT_SET: ReadonlySet<string> = new Set(CONCEPTS);
const SINGULAR: ReadonlyMap<string, string> = new Map(CONCEPTS.map((c) => [plural(c), c]));

function describeProperty(property: Property): string {
  return property.negated ? `not ${property.word}` : property.word;
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function plural(noun: string): string {
  return /(?:s|x|z|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

function validate(options: { seed: number; count: number; minHops: number; maxHops: number }) {
  const { seed, count, minHops, maxHops } = options;
  if (!Number.isFinite(seed)) {
    throw new InvalidInputError(`seed must be a finite number, got ${seed}.`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidInputError(`count must be a whole number >= 0, got ${count}.`);
  }
  const hopsValid =
    Number.isInteger(minHops) && Number.isInteger(maxHops) && minHops >= 1 && maxHops <= MAX_HOPS;
  if (!hopsValid || minHops > maxHops) {
    throw new InvalidInputError(
      `Hops must be whole numbers with 1 <= minHops <= maxHops <= ${MAX_HOPS}, ` +
        `got ${minHops} and ${maxHops}.`,
    );
  }
}
