import { describe, expect, it } from 'vitest';
import { corr2causeItem } from '../../../src/eval/generators/corr2cause.js';
import type { EvalItem } from '../../../src/eval/item.js';

// An independent reading of corr2cause items: the independences are
// parsed from the premise text (anything unstated is a dependence, as the
// premise lists all relations), every DAG over the variables is tried,
// each judged by its own moralised-ancestral-graph test, and the
// hypothesis is checked in every DAG that gives exactly those relations.

type Graph = boolean[][];

interface Premise {
  size: number;
  /** `a,b|s1s2` for each stated independence, letters as indices. */
  independent: Set<string>;
}

const letterIndex = (letter: string) => 'ABCDE'.indexOf(letter);
const statementKey = (a: number, b: number, given: number[]) =>
  `${Math.min(a, b)},${Math.max(a, b)}|${[...given].sort().join('')}`;

function parsePremise(context: string): Premise {
  const head =
    /^Suppose there is a closed system of (\d) variables, ([A-E, and]+)\. All the statistical relations among these \1 variables are as follows: (.*)$/.exec(
      context,
    );
  if (!head) throw new Error(`Unparsed premise: ${context}`);
  const size = Number(head[1]);
  expect((head[2] ?? '').split(/, | and /)).toEqual([...'ABCDE'.slice(0, size)]);

  const independent = new Set<string>();
  const correlated = new Set<string>();
  const sentences = (head[3] ?? '').replace(/ However, /, ' ').split(/(?<=\.) /);
  for (const sentence of sentences) {
    let match: RegExpExecArray | null;
    if ((match = /^([A-E]) correlates with ([A-E])\.$/.exec(sentence))) {
      correlated.add(statementKey(letterIndex(match[1] ?? ''), letterIndex(match[2] ?? ''), []));
    } else if ((match = /^([A-E]) is independent of ([A-E])\.$/.exec(sentence))) {
      independent.add(statementKey(letterIndex(match[1] ?? ''), letterIndex(match[2] ?? ''), []));
    } else if (
      (match = /^([A-E]) and ([A-E]) are independent given ([A-E, and]+)\.$/.exec(sentence))
    ) {
      const given = (match[3] ?? '').split(/, | and /).map(letterIndex);
      independent.add(
        statementKey(letterIndex(match[1] ?? ''), letterIndex(match[2] ?? ''), given),
      );
    } else {
      throw new Error(`Unparsed statement: ${sentence}`);
    }
  }

  // Every pair is said to correlate or to be independent, never both.
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const marginal = statementKey(a, b, []);
      expect(correlated.has(marginal) !== independent.has(marginal)).toBe(true);
    }
  }
  return { size, independent };
}

function allGraphs(size: number): Graph[] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) pairs.push([a, b]);
  const graphs: Graph[] = [];
  for (let code = 0; code < 3 ** pairs.length; code++) {
    const graph = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
    let rest = code;
    for (const [a, b] of pairs) {
      const state = rest % 3;
      rest = Math.floor(rest / 3);
      if (state === 1) (graph[a] as boolean[])[b] = true;
      if (state === 2) (graph[b] as boolean[])[a] = true;
    }
    if (!hasCycle(graph)) graphs.push(graph);
  }
  return graphs;
}

function hasCycle(graph: Graph): boolean {
  const state = new Array<number>(graph.length).fill(0);
  const visit = (node: number): boolean => {
    if (state[node] === 1) return true;
    if (state[node] === 2) return false;
    state[node] = 1;
    const cyclic = graph[node]?.some((edge, next) => edge && visit(next)) ?? false;
    state[node] = 2;
    return cyclic;
  };
  return graph.some((_, node) => visit(node));
}

/**
 * Independence by moralising the ancestral graph of {a, b} and the given
 * set, then looking for a path from a to b that avoids the given set.
 * Node sets are bit masks.
 */
function independentIn(graph: Graph, a: number, b: number, given: number[]): boolean {
  const size = graph.length;
  const parentsOf = (child: number) =>
    graph.reduce((mask, row, parent) => (row[child] ? mask | (1 << parent) : mask), 0);
  const blocked = given.reduce((mask, node) => mask | (1 << node), 0);

  let keep = (1 << a) | (1 << b) | blocked;
  for (let grown = true; grown;) {
    let next = keep;
    for (let node = 0; node < size; node++) if ((keep >> node) & 1) next |= parentsOf(node);
    grown = next !== keep;
    keep = next;
  }

  const linked = new Array<number>(size).fill(0);
  for (let child = 0; child < size; child++) {
    if (!((keep >> child) & 1)) continue;
    const parents = parentsOf(child) & keep;
    linked[child] = (linked[child] ?? 0) | parents;
    for (let parent = 0; parent < size; parent++) {
      if ((parents >> parent) & 1) {
        linked[parent] = (linked[parent] ?? 0) | (1 << child) | (parents & ~(1 << parent));
      }
    }
  }

  let reached = 1 << a;
  for (let frontier = reached; frontier !== 0;) {
    let next = 0;
    for (let node = 0; node < size; node++) if ((frontier >> node) & 1) next |= linked[node] ?? 0;
    frontier = next & ~reached & ~blocked;
    reached |= frontier;
  }
  return ((reached >> b) & 1) === 0;
}

function matchesPremise(graph: Graph, premise: Premise): boolean {
  const { size } = premise;
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const others = [...Array(size).keys()].filter((node) => node !== a && node !== b);
      for (let mask = 0; mask < 2 ** others.length; mask++) {
        const given = others.filter((_, position) => (mask >> position) & 1);
        const stated = premise.independent.has(statementKey(a, b, given));
        if (independentIn(graph, a, b, given) !== stated) return false;
      }
    }
  }
  return true;
}

/** reach[i][j]: a directed path i -> ... -> j avoiding `without`. */
function reach(graph: Graph, without = -1): Graph {
  const size = graph.length;
  const closure = graph.map((row, i) =>
    row.map((edge, j) => edge && i !== without && j !== without),
  );
  for (let k = 0; k < size; k++) {
    if (k === without) continue;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        if (closure[i]?.[k] && closure[k]?.[j]) (closure[i] as boolean[])[j] = true;
      }
    }
  }
  return closure;
}

function hypothesisHolds(graph: Graph, question: string): boolean {
  const text = question.replace(
    'Can we deduce the following from the statistical relations above? ',
    '',
  );
  const n = (letter: string | undefined) => letterIndex(letter ?? '');
  const others = (a: number, b: number) => [...graph.keys()].filter((z) => z !== a && z !== b);
  let m: RegExpExecArray | null;
  if ((m = /^([A-E]) directly causes ([A-E])\.$/.exec(text))) {
    return graph[n(m[1])]?.[n(m[2])] === true;
  }
  if ((m = /^([A-E]) is a cause of ([A-E]), directly or indirectly\.$/.exec(text))) {
    return reach(graph)[n(m[1])]?.[n(m[2])] === true;
  }
  if ((m = /^([A-E]) causes something else which causes ([A-E])\.$/.exec(text))) {
    const [a, b] = [n(m[1]), n(m[2])];
    return others(a, b).some((c) => graph[a]?.[c] && reach(graph)[c]?.[b]);
  }
  if (
    (m =
      /^There exists at least one confounder \(i\.e\., common cause\) of ([A-E]) and ([A-E])\.$/.exec(
        text,
      ))
  ) {
    const [a, b] = [n(m[1]), n(m[2])];
    return others(a, b).some((z) => reach(graph, b)[z]?.[a] && reach(graph, a)[z]?.[b]);
  }
  if (
    (m =
      /^There exists at least one collider \(i\.e\., common effect\) of ([A-E]) and ([A-E])\.$/.exec(
        text,
      ))
  ) {
    const [a, b] = [n(m[1]), n(m[2])];
    return others(a, b).some((k) => reach(graph, b)[a]?.[k] && reach(graph, a)[b]?.[k]);
  }
  if (
    (m = /^([A-E]) is a collider of ([A-E]) and ([A-E]): \2 and \3 both directly cause \1\.$/.exec(
      text,
    ))
  ) {
    const [c, a, b] = [n(m[1]), n(m[2]), n(m[3])];
    return graph[a]?.[c] === true && graph[b]?.[c] === true;
  }
  throw new Error(`Unparsed hypothesis: ${text}`);
}

const GRAPHS = new Map<number, Graph[]>();

function check(item: EvalItem): { answer: 'yes' | 'no'; members: number } {
  const premise = parsePremise(item.context ?? '');
  const graphs = GRAPHS.get(premise.size) ?? allGraphs(premise.size);
  GRAPHS.set(premise.size, graphs);
  const members = graphs.filter((graph) => matchesPremise(graph, premise));
  expect(members.length, item.id).toBeGreaterThan(0);
  const answer = members.every((graph) => hypothesisHolds(graph, item.question)) ? 'yes' : 'no';
  return { answer, members: members.length };
}

describe('corr2cause items, checked independently', () => {
  it('agrees with an exhaustive search over all DAGs for 3 and 4 variables', () => {
    const kinds = new Map<string, number>();
    for (const split of ['train', 'dev', 'test'] as const) {
      for (let index = 0; index < 110; index++) {
        const item = corr2causeItem({ seed: 13, split, index });
        const { answer, members } = check(item);
        expect(answer, `${item.id}: ${item.context} ${item.question}`).toBe(item.answer);
        expect(item.difficulty.equivalenceClass).toBe(members);
        expect(item.goldReasoning?.join(' ')).toContain(`The equivalence class has ${members} DAG`);
        const kind = `${item.difficulty.relation}:${item.answer}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    // Every kind of hypothesis, each with both answers.
    expect(kinds.size).toBe(12);
  });

  it('agrees with the exhaustive search for 5 variables', () => {
    for (let index = 0; index < 12; index++) {
      const item = corr2causeItem({ seed: 13, split: 'test', index, minNodes: 5, maxNodes: 5 });
      expect(check(item).answer, item.id).toBe(item.answer);
    }
  }, 120_000);
});
