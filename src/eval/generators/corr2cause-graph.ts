/** A DAG over nodes 0..size-1: `parents[i]` is a bit mask of i's parents. */
export interface Dag {
  size: number;
  parents: readonly number[];
}

/** A statement `a` and `b` are independent given the nodes in `given` (a < b). */
export interface Independence {
  a: number;
  b: number;
  given: readonly number[];
}

export type Corr2causeRelation =
  'parent' | 'ancestor' | 'mediated' | 'confounder' | 'collider' | 'collider-of';

export const CORR2CAUSE_RELATIONS: readonly Corr2causeRelation[] = [
  'parent',
  'ancestor',
  'mediated',
  'confounder',
  'collider',
  'collider-of',
];

const DAGS = new Map<number, Dag[]>();
const CLASSES = new Map<number, Dag[][]>();

/** Every DAG over `size` labelled nodes (25 for 3, 543 for 4, 29,281 for 5). */
export function allDags(size: number): readonly Dag[] {
  const known = DAGS.get(size);
  if (known) return known;

  const pairs = pairsOf(size);
  const dags: Dag[] = [];
  for (let code = 0; code < 3 ** pairs.length; code++) {
    const parents = new Array<number>(size).fill(0);
    let rest = code;
    for (const [low, high] of pairs) {
      const state = rest % 3;
      rest = Math.floor(rest / 3);
      if (state === 1) parents[high] = (parents[high] ?? 0) | (1 << low);
      if (state === 2) parents[low] = (parents[low] ?? 0) | (1 << high);
    }
    if (isAcyclic(parents)) dags.push({ size, parents });
  }
  DAGS.set(size, dags);
  return dags;
}

/**
 * The Markov equivalence classes over `size` nodes: DAGs grouped by
 * skeleton and v-structures (Verma and Pearl), in order of first member.
 */
export function equivalenceClasses(size: number): readonly (readonly Dag[])[] {
  const known = CLASSES.get(size);
  if (known) return known;

  const groups = new Map<string, Dag[]>();
  for (const dag of allDags(size)) {
    const key = `${skeleton(dag)}|${vStructures(dag).join(',')}`;
    const group = groups.get(key);
    if (group) group.push(dag);
    else groups.set(key, [dag]);
  }
  const classes = [...groups.values()];
  CLASSES.set(size, classes);
  return classes;
}

/** The mask of node pairs that are adjacent, pair (i, j) at bit i * size + j, i < j. */
export function skeleton(dag: Dag): number {
  let mask = 0;
  for (const [low, high] of pairsOf(dag.size)) {
    if (adjacent(dag, low, high)) mask |= 2 ** (low * dag.size + high);
  }
  return mask;
}

/** `a>c<b` for each collider a -> c <- b with a, b not adjacent (a < b). */
export function vStructures(dag: Dag): string[] {
  const found: string[] = [];
  for (let child = 0; child < dag.size; child++) {
    for (const [a, b] of pairsOf(dag.size)) {
      const both = hasBit(dag.parents[child] ?? 0, a) && hasBit(dag.parents[child] ?? 0, b);
      if (both && !adjacent(dag, a, b)) found.push(`${a}>${child}<${b}`);
    }
  }
  return found;
}

export function adjacent(dag: Dag, a: number, b: number): boolean {
  return hasBit(dag.parents[a] ?? 0, b) || hasBit(dag.parents[b] ?? 0, a);
}

/**
 * Every independence the DAG implies (d-separation), for each pair and
 * each set of other nodes, ordered by pair, then set size, then set.
 */
export function independences(dag: Dag): Independence[] {
  return queriesOf(dag.size).filter(({ a, b, mask }) => separatedBy(dag, a, b, mask));
}

const QUERIES = new Map<number, (Independence & { mask: number })[]>();

/** Every (pair, set of other nodes) in statement order. */
function queriesOf(size: number): (Independence & { mask: number })[] {
  const known = QUERIES.get(size);
  if (known) return known;

  const queries: (Independence & { mask: number })[] = [];
  for (const [a, b] of pairsOf(size)) {
    const others = range(size).filter((node) => node !== a && node !== b);
    const sets = subsets(others).sort(
      (left, right) => left.length - right.length || left.join().localeCompare(right.join()),
    );
    for (const given of sets) {
      queries.push({ a, b, given, mask: given.reduce((mask, node) => mask | (1 << node), 0) });
    }
  }
  QUERIES.set(size, queries);
  return queries;
}

/**
 * Whether `a` and `b` are d-separated given `given`, by the reachability
 * ("Bayes ball") walk over (node, direction) states, as bit masks.
 */
export function dSeparated(dag: Dag, a: number, b: number, given: readonly number[]): boolean {
  return separatedBy(
    dag,
    a,
    b,
    given.reduce((mask, node) => mask | (1 << node), 0),
  );
}

function separatedBy(dag: Dag, a: number, b: number, observed: number): boolean {
  const { children } = factsOf(dag);
  let opens = observed;
  for (let node = 0; node < dag.size; node++) {
    if (hasBit(observed, node)) opens |= ancestorMask(dag, node);
  }

  // Arrived from a child (up) or from a parent (down), per node.
  let up = 1 << a;
  let down = 0;
  let seenUp = 0;
  let seenDown = 0;
  while ((up & ~seenUp) !== 0 || (down & ~seenDown) !== 0) {
    const freshUp = up & ~seenUp & ~observed;
    const freshDown = down & ~seenDown;
    seenUp |= up;
    seenDown |= down;
    if (((freshUp | freshDown) & (1 << b)) !== 0) return false;

    for (let node = 0; node < dag.size; node++) {
      const bit = 1 << node;
      if ((freshUp & bit) !== 0) {
        up |= dag.parents[node] ?? 0;
        down |= children[node] ?? 0;
      }
      if ((freshDown & bit) !== 0) {
        if ((observed & bit) === 0) down |= children[node] ?? 0;
        if ((opens & bit) !== 0) up |= dag.parents[node] ?? 0;
      }
    }
  }
  return true;
}

/**
 * Whether a relation holds in one DAG. `nodes` is `[a, b]`, or `[a, b, c]`
 * for `collider-of` (a -> c <- b). Paths follow Corr2Cause: a confounder
 * reaches a without passing b and b without passing a; a collider likewise.
 */
export function holds(dag: Dag, relation: Corr2causeRelation, nodes: readonly number[]): boolean {
  const [a = 0, b = 0, c = 0] = nodes;
  const parents = dag.parents;
  const others = ((1 << dag.size) - 1) & ~(1 << a) & ~(1 << b);

  switch (relation) {
    case 'parent':
      return hasBit(parents[b] ?? 0, a);
    case 'ancestor':
      return hasBit(ancestorMask(dag, b), a);
    case 'mediated':
      return ((factsOf(dag).children[a] ?? 0) & ancestorMask(dag, b) & ~(1 << b)) !== 0;
    case 'confounder':
      return (ancestorMask(dag, a, b) & ancestorMask(dag, b, a) & others) !== 0;
    case 'collider':
      for (let node = 0; node < dag.size; node++) {
        if (!hasBit(others, node)) continue;
        if (hasBit(ancestorMask(dag, node, b), a) && hasBit(ancestorMask(dag, node, a), b)) {
          return true;
        }
      }
      return false;
    case 'collider-of':
      return hasBit(parents[c] ?? 0, a) && hasBit(parents[c] ?? 0, b);
  }
}

/** Mask of the nodes with a directed path to `node` not passing `avoid`. */
export function ancestorMask(dag: Dag, node: number, avoid = -1): number {
  return factsOf(dag).ancestors[node * (dag.size + 1) + avoid + 1] ?? 0;
}

interface DagFacts {
  children: number[];
  /** Ancestor masks, at `node * (size + 1) + avoid + 1` (avoid -1: none). */
  ancestors: Int32Array;
}

const FACTS = new WeakMap<Dag, DagFacts>();

function factsOf(dag: Dag): DagFacts {
  const known = FACTS.get(dag);
  if (known) return known;

  const { size, parents } = dag;
  const children = new Array<number>(size).fill(0);
  for (let child = 0; child < size; child++) {
    for (let node = 0; node < size; node++) {
      if (hasBit(parents[child] ?? 0, node)) children[node] = (children[node] ?? 0) | (1 << child);
    }
  }

  const ancestors = new Int32Array(size * (size + 1));
  for (let node = 0; node < size; node++) {
    for (let avoid = -1; avoid < size; avoid++) {
      const blocked = avoid < 0 ? 0 : 1 << avoid;
      let found = 0;
      let frontier = 1 << node;
      while (frontier !== 0) {
        let next = 0;
        for (let current = 0; current < size; current++) {
          if (hasBit(frontier, current)) next |= (parents[current] ?? 0) & ~blocked;
        }
        frontier = next & ~found;
        found |= next;
      }
      ancestors[node * (size + 1) + avoid + 1] = found;
    }
  }

  const facts = { children, ancestors };
  FACTS.set(dag, facts);
  return facts;
}

/** Edges as `A -> B` with letters for nodes. */
export function describeDag(dag: Dag, letter: (node: number) => string): string {
  const edges: string[] = [];
  for (let child = 0; child < dag.size; child++) {
    for (let parent = 0; parent < dag.size; parent++) {
      if (hasBit(dag.parents[child] ?? 0, parent))
        edges.push(`${letter(parent)} -> ${letter(child)}`);
    }
  }
  return edges.length === 0 ? 'no edges' : edges.sort().join(', ');
}

export function pairsOf(size: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let low = 0; low < size; low++) {
    for (let high = low + 1; high < size; high++) pairs.push([low, high]);
  }
  return pairs;
}

function isAcyclic(parents: readonly number[]): boolean {
  let remaining = (1 << parents.length) - 1;
  while (remaining !== 0) {
    // A node none of whose parents remain can be removed.
    const free = parents.findIndex(
      (mask, node) => hasBit(remaining, node) && (mask & remaining) === 0,
    );
    if (free === -1) return false;
    remaining &= ~(1 << free);
  }
  return true;
}

function subsets(items: readonly number[]): number[][] {
  return items.reduce<number[][]>(
    (sets, item) => [...sets, ...sets.map((set) => [...set, item])],
    [[]],
  );
}

function range(size: number): number[] {
  return Array.from({ length: size }, (_, index) => index);
}

function hasBit(mask: number, bit: number): boolean {
  return ((mask >> bit) & 1) === 1;
}
