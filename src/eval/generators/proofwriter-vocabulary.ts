/**
 * Words for ProofWriter-style theories. Entities are split once and for
 * all between train, dev and test, and every item asks about one of its
 * entities, so no item of one split can equal an item of another.
 * Attributes and verbs are shared: they carry no identity.
 */
export type ProofwriterSplit = 'train' | 'dev' | 'test';

/** People, as in the published theories about Anne, Bob and Charlie. */
export const PEOPLE: Readonly<Record<ProofwriterSplit, readonly string[]>> = {
  train: ['Anne', 'Bob', 'Charlie', 'Dave', 'Erin', 'Fiona', 'Gary', 'Harry', 'Ivy', 'Jake'],
  dev: ['Karen', 'Liam', 'Mona', 'Nate', 'Olga', 'Pete', 'Rita', 'Sean'],
  test: ['Tara', 'Umar', 'Vince', 'Wanda', 'Xena', 'Yuri', 'Zack', 'Greta'],
};

/** Animals, always with "the"; two-word names test multi-word entities. */
export const ANIMALS: Readonly<Record<ProofwriterSplit, readonly string[]>> = {
  train: ['bear', 'cat', 'cow', 'dog', 'lion', 'mouse', 'rabbit', 'squirrel'],
  dev: ['tiger', 'bald eagle', 'fox', 'wolf', 'horse', 'hamster'],
  test: ['owl', 'frog', 'deer', 'goat', 'sea lion', 'badger'],
};

/** Adjectives of the published theories; none ends in "s", so plurals stay simple. */
export const ATTRIBUTES: readonly string[] = [
  'big',
  'blue',
  'cold',
  'furry',
  'green',
  'kind',
  'nice',
  'quiet',
  'red',
  'rough',
  'round',
  'smart',
  'white',
  'young',
];

export interface Verb {
  /** "chase", as after "does not". */
  base: string;
  /** "chases", as in a positive fact. */
  third: string;
}

/** Relations between animals, as in the published relational theories. */
export const VERBS: readonly Verb[] = [
  { base: 'chase', third: 'chases' },
  { base: 'eat', third: 'eats' },
  { base: 'like', third: 'likes' },
  { base: 'need', third: 'needs' },
  { base: 'see', third: 'sees' },
  { base: 'visit', third: 'visits' },
];

/** Every form of the verbs ("chase", "chases"): no entity may be named so. */
export const VERB_FORMS: ReadonlySet<string> = new Set(
  VERBS.flatMap((verb) => [verb.base, verb.third]),
);
