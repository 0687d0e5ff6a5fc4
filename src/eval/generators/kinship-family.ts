import { at } from '../../util/at.js';
import type { Random } from '../../util/random.js';
import type { Hop, Relation } from './kinship-relations.js';
import type { Gender } from './kinship-vocabulary.js';

export interface Person {
  name: string;
  gender: Gender;
  /** Indices into `Family.people`; two for the born, none for founders and in-laws. */
  parents: number[];
  children: number[];
  spouse: number | null;
}

export interface Family {
  people: Person[];
}

export interface FamilyOptions {
  /** Names to draw from; each is used at most once. */
  names: Readonly<Record<Gender, readonly string[]>>;
  /** Generations below and including the founding couple. */
  generations: number;
  /** Stop adding people at this size. */
  maxPeople: number;
}

/**
 * A family tree: a founding couple, children who may marry someone from
 * outside (who brings no relatives) and have children in turn. Every
 * couple's children share both parents, and nobody marries twice, so
 * any two people have at most one relation.
 */
export function buildFamily(random: Random, options: FamilyOptions): Family {
  const pools = {
    female: random.shuffle(options.names.female),
    male: random.shuffle(options.names.male),
  };
  const people: Person[] = [];
  const add = (gender: Gender, parents: number[]): number | null => {
    if (people.length >= options.maxPeople) return null;
    const name = pools[gender].pop();
    if (name === undefined) return null;
    people.push({ name, gender, parents, children: [], spouse: null });
    return people.length - 1;
  };
  const marry = (person: number): number | null => {
    const gender = at(people, person).gender === 'female' ? 'male' : 'female';
    const spouse = add(gender, []);
    if (spouse === null) return null;
    at(people, person).spouse = spouse;
    at(people, spouse).spouse = person;
    return spouse;
  };

  const founder = add(random.bool() ? 'female' : 'male', []) ?? 0;
  const couples: { members: [number, number]; generation: number }[] = [];
  const partner = marry(founder);
  if (partner !== null) couples.push({ members: [founder, partner], generation: 0 });

  // Breadth first, so every generation gets people before the cap is hit.
  for (let next = 0; next < couples.length; next++) {
    const { members, generation } = at(couples, next);
    for (let count = random.int(1, 4); count > 0; count--) {
      const child = add(random.bool() ? 'female' : 'male', [...members]);
      if (child === null) break;
      for (const parent of members) at(people, parent).children.push(child);

      const hasChildren = generation + 2 < options.generations;
      if (!random.bool(hasChildren ? 0.75 : 0.3)) continue;
      const spouse = marry(child);
      if (spouse !== null && hasChildren) {
        couples.push({ members: [child, spouse], generation: generation + 1 });
      }
    }
  }
  return { people };
}

/** The people one hop away, with the hop that leads to each. */
export function neighbours(family: Family, person: number): { person: number; hop: Hop }[] {
  const self = at(family.people, person);
  const spouse = self.spouse === null ? [] : [{ person: self.spouse, hop: 'spouse' as const }];
  return [
    ...self.parents.map((parent) => ({ person: parent, hop: 'parent' as const })),
    ...self.children.map((child) => ({ person: child, hop: 'child' as const })),
    ...spouse,
    ...siblings(family, person).map((sibling) => ({ person: sibling, hop: 'sibling' as const })),
  ];
}

/**
 * What each person is to `y` in the family itself ("x is y's ___"), read
 * off the tree without looking at any path; null outside the vocabulary.
 */
export function relationsTo(family: Family, y: number): (Relation | null)[] {
  const person = (index: number) => at(family.people, index);
  const parents = (people: number[]) => people.flatMap((p) => person(p).parents);
  const children = (people: number[]) => people.flatMap((p) => person(p).children);
  const spouses = (people: number[]) =>
    people.flatMap((p) => {
      const spouse = person(p).spouse;
      return spouse === null ? [] : [spouse];
    });
  const siblingsOf = (people: number[]) => people.flatMap((p) => siblings(family, p));

  // In these trees two people have at most one of these relations.
  const candidates: [Relation, number[]][] = [
    ['parent', parents([y])],
    ['child', children([y])],
    ['spouse', spouses([y])],
    ['sibling', siblingsOf([y])],
    ['grandparent', parents(parents([y]))],
    ['grandchild', children(children([y]))],
    ['great-grandparent', parents(parents(parents([y])))],
    ['great-grandchild', children(children(children([y])))],
    ['aunt-or-uncle', siblingsOf(parents([y]))],
    ['aunt-or-uncle-by-marriage', spouses(siblingsOf(parents([y])))],
    ['niece-or-nephew', children(siblingsOf([y]))],
    ['cousin', children(siblingsOf(parents([y])))],
    ['parent-in-law', parents(spouses([y]))],
    ['child-in-law', spouses(children([y]))],
    ['sibling-in-law', [...siblingsOf(spouses([y])), ...spouses(siblingsOf([y]))]],
  ];
  const relations: (Relation | null)[] = family.people.map(() => null);
  for (const [relation, people] of candidates) {
    for (const x of people) if (x !== y && relations[x] === null) relations[x] = relation;
  }
  return relations;
}

function siblings(family: Family, person: number): number[] {
  const [parent] = at(family.people, person).parents;
  if (parent === undefined) return [];
  return at(family.people, parent).children.filter((child) => child !== person);
}
