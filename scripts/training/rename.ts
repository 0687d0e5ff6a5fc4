/**
 * Fresh entity names for training items. A generator's train split names
 * its entities from a short list, so a model trained on it can get the
 * statement's subject right by guessing among a few names instead of
 * copying it from the question, and then fails on any other name. Each
 * renamed item gets names invented for it (pronounceable, never one of a
 * split's names), the same name for the same entity everywhere in the
 * item: context, question and gold reasoning.
 */
import {
  CONCEPTS,
  PROPERTY_FAMILIES,
  SPLIT_NAMES,
} from '../../src/eval/generators/prontoqa-vocabulary.js';
import {
  ANIMALS,
  ATTRIBUTES,
  PEOPLE,
  VERB_FORMS,
} from '../../src/eval/generators/proofwriter-vocabulary.js';
import type { EvalItem } from '../../src/eval/item.js';
import { FUNCTION_WORDS, GENERIC_HEADS, VARIABLE_WORDS } from '../../src/tools/english-words.js';
import type { Random } from '../../src/util/random.js';

const ONSETS = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const ENDINGS = ['', '', 'n', 'r', 'l', 's'];

/**
 * Animals named in no split, for ProofWriter's "the <animal>" entities. None
 * holds a split's animal or an attribute as a word (as "barn owl" or "red panda" would).
 */
const MORE_ANIMALS = [
  'ant',
  'bat',
  'bee',
  'camel',
  'crab',
  'crow',
  'duck',
  'eel',
  'elk',
  'gnu',
  'hare',
  'hen',
  'koala',
  'llama',
  'lynx',
  'mole',
  'moth',
  'mule',
  'newt',
  'otter',
  'ox',
  'panda',
  'pig',
  'puma',
  'rat',
  'seal',
  'shark',
  'sheep',
  'skunk',
  'snail',
  'stork',
  'swan',
  'toad',
  'trout',
  'wasp',
  'whale',
  'worm',
  'yak',
  'zebra',
];

/**
 * Every name or word some split or vocabulary uses, and the words the
 * prover reads as grammar ("her", "then"): invented names avoid them all.
 */
const TAKEN = new Set(
  [
    ...FUNCTION_WORDS,
    ...VARIABLE_WORDS,
    ...GENERIC_HEADS,
    ...Object.values(SPLIT_NAMES).flat(),
    ...Object.values(PEOPLE).flat(),
    ...Object.values(ANIMALS).flat(),
    ...CONCEPTS,
    ...PROPERTY_FAMILIES.flat(),
    ...ATTRIBUTES,
  ].map((word) => word.toLowerCase()),
);

/** Onsets that only open names: names them split into tokens no split's name has. */
const CLUSTERS = [
  'br',
  'ch',
  'dr',
  'gl',
  'gr',
  'kr',
  'pl',
  'qu',
  'sh',
  'sk',
  'st',
  'th',
  'tr',
  'y',
];

/** A lower-case word of `syllables` syllables that no split or vocabulary uses. */
function inventedWord(random: Random, syllables: () => number, onset: () => string): string {
  for (;;) {
    let word = '';
    for (let i = syllables(); i > 0; i--) word += onset() + random.pick(VOWELS);
    word += random.pick(ENDINGS);
    if (word.length >= 3 && !TAKEN.has(word)) return word;
  }
}

function capitalised(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

function inventedName(random: Random): string {
  return capitalised(
    inventedWord(
      random,
      () => random.int(1, 2),
      () => random.pick(ONSETS),
    ),
  );
}

/** Open names: one to three syllables, onsets that include clusters, and no verb. */
function openWord(random: Random): string {
  for (;;) {
    const word = inventedWord(
      random,
      () => random.int(1, 3),
      () => (random.next() < 0.3 ? random.pick(CLUSTERS) : random.pick(ONSETS)),
    );
    if (!VERB_FORMS.has(word)) return word;
  }
}

/**
 * An open animal: a listed one, an invented word, or two words (as the
 * published "bald eagle"), so that copying the entity cannot lean on a
 * short list of single words.
 */
function openAnimal(random: Random): string {
  const draw = random.next();
  if (draw < 0.3) return random.pick(MORE_ANIMALS);
  if (draw < 0.65) return openWord(random);
  return `${openWord(random)} ${random.next() < 0.5 ? random.pick(MORE_ANIMALS) : openWord(random)}`;
}

function escaped(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces whole words by `names` (old -> new) in one pass, so no replacement is replaced again. */
function replaceWords(text: string, names: Map<string, string>): string {
  if (names.size === 0) return text;
  const longestFirst = [...names.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`\\b(${longestFirst.map(escaped).join('|')})\\b`, 'g');
  return text.replace(pattern, (word) => names.get(word) ?? word);
}

/**
 * Where invented names come from. `closed`: short pronounceable names, and
 * animals from a list of single words (what trained stages 1 and 2).
 * `open`: longer names with consonant clusters, and animals that may be
 * invented words or two words, for a model that copies any name it is given.
 */
export type NameStyle = 'closed' | 'open';

/** The entity names of a suite's train split, and how to invent a replacement for each kind. */
function entityKinds(
  suite: string,
  style: NameStyle,
): { names: readonly string[]; invent: (random: Random) => string }[] {
  const person =
    style === 'open' ? (random: Random) => capitalised(openWord(random)) : inventedName;
  if (suite === 'deductive/prontoqa') return [{ names: SPLIT_NAMES.train, invent: person }];
  if (suite === 'deductive/proofwriter') {
    return [
      { names: PEOPLE.train, invent: person },
      {
        names: ANIMALS.train,
        invent: style === 'open' ? openAnimal : (random) => random.pick(MORE_ANIMALS),
      },
    ];
  }
  return [];
}

/** `item` with each train-split entity it names replaced by a fresh name (distinct per entity). */
export function renameEntities(
  item: EvalItem,
  suite: string,
  random: Random,
  style: NameStyle = 'closed',
): EvalItem {
  const text = [item.context ?? '', item.question, ...(item.goldReasoning ?? [])].join('\n');
  const names = new Map<string, string>();
  const used = new Set<string>();
  // A fresh name the item already holds (an entity kept as it is, as a
  // generator's `animals` option can give) would merge two entities. Case
  // counts: a person "Nor" is no clash with "nor its negation".
  const named = (name: string) => new RegExp(`\\b${escaped(name)}\\b`).test(text);
  for (const { names: known, invent } of entityKinds(suite, style)) {
    for (const name of known) {
      if (!named(name)) continue;
      let fresh = invent(random);
      for (let tries = 1; used.has(fresh) || named(fresh); tries++) {
        if (tries === 100) throw new Error(`No fresh name for "${name}" in ${item.id}.`);
        fresh = invent(random);
      }
      used.add(fresh);
      names.set(name, fresh);
    }
  }
  if (names.size === 0) return item;
  return {
    ...item,
    context: item.context === null ? null : replaceWords(item.context, names),
    question: replaceWords(item.question, names),
    goldReasoning:
      item.goldReasoning?.map((line) => replaceWords(line, names)) ?? item.goldReasoning,
  };
}
