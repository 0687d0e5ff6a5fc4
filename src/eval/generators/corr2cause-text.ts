import { listText } from './causal-text.js';
import {
  describeDag,
  holds,
  pairsOf,
  type Corr2causeRelation,
  type Dag,
  type Independence,
} from './corr2cause-graph.js';

/** Node 0 is A, node 1 is B, and so on. */
export const letter = (node: number) => 'ABCDE'.charAt(node);

/** A hypothesis about one equivalence class, with what explains it. */
export interface ClassQuestion {
  size: number;
  dags: readonly Dag[];
  statements: readonly Independence[];
  relation: Corr2causeRelation;
  nodes: readonly number[];
}

/** The premise as Corr2Cause states it: correlations, then independences. */
export function premiseText(size: number, statements: readonly Independence[]): string {
  const letters = Array.from({ length: size }, (_, node) => letter(node));
  const marginal = new Set(
    statements.filter((s) => s.given.length === 0).map((s) => `${s.a},${s.b}`),
  );
  const correlations = pairsOf(size)
    .filter(([a, b]) => !marginal.has(`${a},${b}`))
    .map(([a, b]) => `${letter(a)} correlates with ${letter(b)}.`);
  const independent = statements.map(({ a, b, given }) =>
    given.length === 0
      ? `${letter(a)} is independent of ${letter(b)}.`
      : `${letter(a)} and ${letter(b)} are independent given ${listText(given.map(letter))}.`,
  );

  const relations = [correlations.join(' ')];
  if (correlations.length > 0 && independent.length > 0) relations.push('However,');
  relations.push(independent.join(' '));
  return (
    `Suppose there is a closed system of ${size} variables, ${listText(letters)}. ` +
    `All the statistical relations among these ${size} variables are as follows: ` +
    relations.filter((part) => part.length > 0).join(' ')
  );
}

export function hypothesisText(relation: Corr2causeRelation, nodes: readonly number[]): string {
  const [a, b, c] = nodes.map(letter);
  switch (relation) {
    case 'parent':
      return `${a} directly causes ${b}.`;
    case 'ancestor':
      return `${a} is a cause of ${b}, directly or indirectly.`;
    case 'mediated':
      return `${a} causes something else which causes ${b}.`;
    case 'confounder':
      return `There exists at least one confounder (i.e., common cause) of ${a} and ${b}.`;
    case 'collider':
      return `There exists at least one collider (i.e., common effect) of ${a} and ${b}.`;
    case 'collider-of':
      return `${c} is a collider of ${a} and ${b}: ${a} and ${b} both directly cause ${c}.`;
  }
}

/** PC-style: skeleton, colliders, the class, then the hypothesis in each member. */
export function explainAnswer(question: ClassQuestion): string[] {
  const { size, dags, statements, relation, nodes } = question;
  const support = dags.filter((dag) => holds(dag, relation, nodes)).length;
  const answer = support === dags.length;

  const separated = new Map<string, readonly number[]>();
  for (const { a, b, given } of statements) {
    if (!separated.has(`${a},${b}`)) separated.set(`${a},${b}`, given);
  }
  const pairs = pairsOf(size);
  const adjacent = pairs.filter(([a, b]) => !separated.has(`${a},${b}`));
  const linked = (a: number, b: number) =>
    adjacent.some(([x, y]) => x === Math.min(a, b) && y === Math.max(a, b));

  const steps = [
    'Adjacent pairs, dependent whatever is conditioned on: ' +
      `${adjacent.map(([a, b]) => `${letter(a)}-${letter(b)}`).join(', ') || 'none'}.`,
  ];
  for (const [a, b] of pairs) {
    const given = separated.get(`${a},${b}`);
    if (given === undefined) continue;
    for (let middle = 0; middle < size; middle++) {
      if (!linked(a, middle) || !linked(b, middle)) continue;
      const [x, y, z] = [letter(a), letter(b), letter(middle)];
      const separation = `${x} and ${y} are independent${sepsetText(given)}`;
      steps.push(
        given.includes(middle)
          ? `${separation}, with ${z}: no collider at ${z} on ${x}-${z}-${y}.`
          : `${separation}, without ${z}: ${x} -> ${z} <- ${y}.`,
      );
    }
  }

  const members = dags.map((dag) => describeDag(dag, letter));
  steps.push(
    `The equivalence class has ${dags.length} DAG${dags.length === 1 ? '' : 's'}` +
      (members.length <= 4 ? `: ${members.map((m) => `[${m}]`).join('; ')}.` : '.'),
  );
  const failing = dags.find((dag) => !holds(dag, relation, nodes));
  steps.push(
    `The hypothesis holds in ${support} of them` +
      (failing ? `; it fails in [${describeDag(failing, letter)}].` : '.'),
    `So the answer is ${answer ? 'yes' : 'no'}.`,
  );
  return steps;
}

function sepsetText(given: readonly number[]): string {
  return given.length === 0 ? '' : ` given ${listText(given.map(letter))}`;
}
