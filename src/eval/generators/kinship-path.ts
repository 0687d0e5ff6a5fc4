import type { Random } from '../../util/random.js';
import { type Family, neighbours, relationsTo } from './kinship-family.js';
import { extendRelation, type Hop, type Relation } from './kinship-relations.js';

export interface KinshipPath {
  people: number[];
  hops: Hop[];
  /** What each person of the path (after the first) is to the first. */
  relations: Relation[];
}

const STARTS = 8;

/**
 * A random simple path of `hops` steps whose every prefix has a named
 * relation that the tree confirms. The answer relation is drawn first,
 * uniformly among those some path reaches, so long paths do not all end
 * in great-grandparents; a table of what each (person, relation, steps
 * left) can still reach prunes the search.
 */
export function findPath(
  random: Random,
  family: Family,
  hops: number,
  wanted: Relation | null,
): KinshipPath | null {
  const size = family.people.length;
  const columns = new Map<number, (Relation | null)[]>();

  for (let tries = 0; tries < STARTS; tries++) {
    const first = random.int(0, size - 1);
    const column = columns.get(first) ?? relationsTo(family, first);
    columns.set(first, column);
    const reach = reachability(family, column, first);
    const targets = [...reach(first, null, hops)].sort();
    if (targets.length === 0 || (wanted !== null && !targets.includes(wanted))) continue;
    const target = wanted ?? random.pick(targets);

    const path: KinshipPath = { people: [first], hops: [], relations: [] };
    let budget = 2000;
    const extend = (): boolean => {
      const left = hops - path.hops.length;
      if (left === 0) return true;
      if (--budget < 0) return false;
      const current = path.people.at(-1) ?? first;
      for (const next of random.shuffle(neighbours(family, current))) {
        if (path.people.includes(next.person)) continue;
        const relation = step(column, first, path.relations.at(-1) ?? null, next);
        if (relation === null || !reach(next.person, relation, left - 1).has(target)) continue;
        path.people.push(next.person);
        path.hops.push(next.hop);
        path.relations.push(relation);
        if (extend()) return true;
        path.people.pop();
        path.hops.pop();
        path.relations.pop();
      }
      return false;
    };
    if (extend()) return path;
  }
  return null;
}

/**
 * The relation after one more step, when the table names it and the
 * tree agrees (the table assumes the tree's shape; the tree decides).
 */
function step(
  column: readonly (Relation | null)[],
  first: number,
  relation: Relation | null,
  next: { person: number; hop: Hop },
): Relation | null {
  const extended = extendRelation(relation, next.hop);
  if (extended === null || next.person === first) return null;
  return column[next.person] === extended ? extended : null;
}

/**
 * Final relations reachable from a person in a relation to `first` with
 * some steps left, ignoring that people must not repeat (so a superset).
 */
function reachability(family: Family, column: readonly (Relation | null)[], first: number) {
  const memo = new Map<string, Set<Relation>>();
  const reach = (person: number, relation: Relation | null, left: number): Set<Relation> => {
    if (left === 0) return new Set(relation === null ? [] : [relation]);
    const key = `${person}|${relation}|${left}`;
    const cached = memo.get(key);
    if (cached) return cached;

    const found = new Set<Relation>();
    for (const next of neighbours(family, person)) {
      const extended = step(column, first, relation, next);
      if (extended === null) continue;
      for (const end of reach(next.person, extended, left - 1)) found.add(end);
    }
    memo.set(key, found);
    return found;
  };
  return reach;
}
