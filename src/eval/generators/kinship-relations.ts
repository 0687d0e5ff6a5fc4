import type { Gender } from './kinship-vocabulary.js';

/** One edge of a family graph: the next person is the current one's ___. */
export type Hop = 'parent' | 'child' | 'spouse' | 'sibling';

/** The closed vocabulary of answers, without gender. */
export type Relation =
  | Hop
  | 'grandparent'
  | 'grandchild'
  | 'great-grandparent'
  | 'great-grandchild'
  | 'aunt-or-uncle'
  | 'aunt-or-uncle-by-marriage'
  | 'niece-or-nephew'
  | 'cousin'
  | 'parent-in-law'
  | 'child-in-law'
  | 'sibling-in-law';

const WORDS: Readonly<Record<Relation, Readonly<Record<Gender, string>>>> = {
  parent: { female: 'mother', male: 'father' },
  child: { female: 'daughter', male: 'son' },
  spouse: { female: 'wife', male: 'husband' },
  sibling: { female: 'sister', male: 'brother' },
  grandparent: { female: 'grandmother', male: 'grandfather' },
  grandchild: { female: 'granddaughter', male: 'grandson' },
  'great-grandparent': { female: 'great-grandmother', male: 'great-grandfather' },
  'great-grandchild': { female: 'great-granddaughter', male: 'great-grandson' },
  'aunt-or-uncle': { female: 'aunt', male: 'uncle' },
  'aunt-or-uncle-by-marriage': { female: 'aunt', male: 'uncle' },
  'niece-or-nephew': { female: 'niece', male: 'nephew' },
  cousin: { female: 'cousin', male: 'cousin' },
  'parent-in-law': { female: 'mother-in-law', male: 'father-in-law' },
  'child-in-law': { female: 'daughter-in-law', male: 'son-in-law' },
  'sibling-in-law': { female: 'sister-in-law', male: 'brother-in-law' },
};

/**
 * Where one more hop leads: if B is A's `relation` and C is B's `hop`,
 * C is A's result. Entries assume what a reader of such stories may:
 * different names are different people (A's mother's son is then A's
 * brother, not A), siblings share both parents, nobody marries twice and
 * nobody has step-children. A missing entry is ambiguous (a grandson's
 * mother may be a daughter or a daughter-in-law) or has no word here.
 */
const NEXT: Readonly<Record<Relation, Partial<Record<Hop, Relation>>>> = {
  parent: { parent: 'grandparent', child: 'sibling', spouse: 'parent', sibling: 'aunt-or-uncle' },
  child: { parent: 'spouse', child: 'grandchild', spouse: 'child-in-law', sibling: 'child' },
  spouse: { parent: 'parent-in-law', child: 'child', sibling: 'sibling-in-law' },
  sibling: {
    parent: 'parent',
    child: 'niece-or-nephew',
    spouse: 'sibling-in-law',
    sibling: 'sibling',
  },
  grandparent: { parent: 'great-grandparent', child: 'aunt-or-uncle', spouse: 'grandparent' },
  grandchild: { child: 'great-grandchild', sibling: 'grandchild' },
  'great-grandparent': { spouse: 'great-grandparent' },
  'great-grandchild': { sibling: 'great-grandchild' },
  'aunt-or-uncle': {
    parent: 'grandparent',
    child: 'cousin',
    spouse: 'aunt-or-uncle-by-marriage',
    sibling: 'aunt-or-uncle',
  },
  'aunt-or-uncle-by-marriage': { child: 'cousin' },
  'niece-or-nephew': { parent: 'sibling-in-law', sibling: 'niece-or-nephew' },
  cousin: { sibling: 'cousin' },
  'parent-in-law': { child: 'sibling-in-law', spouse: 'parent-in-law' },
  'child-in-law': { child: 'grandchild' },
  'sibling-in-law': {},
};

const INVERSE: Readonly<Record<Hop, Hop>> = {
  parent: 'child',
  child: 'parent',
  spouse: 'spouse',
  sibling: 'sibling',
};

export function relationWord(relation: Relation, gender: Gender): string {
  return WORDS[relation][gender];
}

/** The relation after one more hop, or null when it is ambiguous or unnamed. */
export function extendRelation(relation: Relation | null, hop: Hop): Relation | null {
  return relation === null ? hop : (NEXT[relation][hop] ?? null);
}

/** If B is A's `hop`, A is B's inverse (a mother's child is her son or daughter). */
export function inverseHop(hop: Hop): Hop {
  return INVERSE[hop];
}

/** Every relation of the vocabulary. */
export const RELATIONS = Object.keys(WORDS) as Relation[];

/** Every answer word, for documentation and tests. */
export const KINSHIP_ANSWERS: readonly string[] = [
  ...new Set(Object.values(WORDS).flatMap((words) => Object.values(words))),
];
