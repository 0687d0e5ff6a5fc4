import type { Random } from '../../util/random.js';

export type ListPrimitive =
  | 'add'
  | 'multiply'
  | 'square'
  | 'reverse'
  | 'sort'
  | 'sort-descending'
  | 'take'
  | 'drop'
  | 'remove-evens'
  | 'remove-odds'
  | 'keep-greater'
  | 'dedupe'
  | 'rotate-left'
  | 'rotate-right';

/** One primitive with its number (`add` 3, `take` 2), or null when it has none. */
export interface ListStep {
  primitive: ListPrimitive;
  parameter: number | null;
}

/** The values each primitive's number may take; null for none. */
const PARAMETERS: Readonly<Record<ListPrimitive, readonly number[] | null>> = {
  add: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  multiply: [2, 3],
  square: null,
  reverse: null,
  sort: null,
  'sort-descending': null,
  take: [1, 2, 3],
  drop: [1, 2, 3],
  'remove-evens': null,
  'remove-odds': null,
  'keep-greater': [1, 2, 3, 4, 5, 6, 7],
  dedupe: null,
  'rotate-left': null,
  'rotate-right': null,
};

/** Every primitive with every number: the hypotheses a rule is told apart from. */
export const LIST_LIBRARY: readonly ListStep[] = Object.entries(PARAMETERS).flatMap(
  ([primitive, values]) =>
    (values ?? [null]).map((parameter) => ({ primitive: primitive as ListPrimitive, parameter })),
);

export function applyStep(step: ListStep, list: readonly number[]): number[] {
  const n = step.parameter ?? 0;
  switch (step.primitive) {
    case 'add':
      return list.map((x) => x + n);
    case 'multiply':
      return list.map((x) => x * n);
    case 'square':
      return list.map((x) => x * x);
    case 'reverse':
      return [...list].reverse();
    case 'sort':
      return [...list].sort((a, b) => a - b);
    case 'sort-descending':
      return [...list].sort((a, b) => b - a);
    case 'take':
      return list.slice(0, n);
    case 'drop':
      return list.slice(n);
    case 'remove-evens':
      return list.filter((x) => x % 2 !== 0);
    case 'remove-odds':
      return list.filter((x) => x % 2 === 0);
    case 'keep-greater':
      return list.filter((x) => x > n);
    case 'dedupe':
      return list.filter((x, index) => list.indexOf(x) === index);
    case 'rotate-left':
      return [...list.slice(1), ...list.slice(0, 1)];
    case 'rotate-right':
      return [...list.slice(-1), ...list.slice(0, -1)];
  }
}

export function applySteps(steps: readonly ListStep[], list: readonly number[]): number[] {
  return steps.reduce<number[]>((current, step) => applyStep(step, current), [...list]);
}

/** What a step does, as a line of gold reasoning. */
export function describeStep(step: ListStep): string {
  const n = step.parameter;
  const phrases: Record<ListPrimitive, string> = {
    add: `add ${n} to each number`,
    multiply: `multiply each number by ${n}`,
    square: 'square each number',
    reverse: 'reverse the list',
    sort: 'sort the list in increasing order',
    'sort-descending': 'sort the list in decreasing order',
    take: `keep the first ${n} numbers`,
    drop: `remove the first ${n} numbers`,
    'remove-evens': 'remove the even numbers',
    'remove-odds': 'remove the odd numbers',
    'keep-greater': `keep the numbers greater than ${n}`,
    dedupe: 'remove repeated numbers, keeping the first of each',
    'rotate-left': 'move the first number to the end',
    'rotate-right': 'move the last number to the front',
  };
  return phrases[step.primitive];
}

/** `[3, 1, 4]`, or `[]`. */
export function showList(list: readonly number[]): string {
  return `[${list.join(', ')}]`;
}

/** 1-2 steps of different primitives, with random numbers. */
export function drawSteps(random: Random, depth: number): ListStep[] {
  const names = random.shuffle(Object.keys(PARAMETERS) as ListPrimitive[]).slice(0, depth);
  return names.map((primitive) => {
    const values = PARAMETERS[primitive];
    return { primitive, parameter: values ? random.pick(values) : null };
  });
}

export function drawList(random: Random): number[] {
  return Array.from({ length: random.int(3, 7) }, () => random.int(0, 9));
}

export interface ListExample {
  input: number[];
  output: number[];
}

/**
 * Whether the examples pin the answer down: every composition of one or
 * two library steps that fits all examples gives `answer` on `query`.
 * At depth 2 the examples must also rule out every single step, so that
 * the depth is what the examples need.
 */
export function isIdentifiable(options: {
  examples: readonly ListExample[];
  query: readonly number[];
  answer: readonly number[];
  depth: number;
}): boolean {
  const { examples, query, answer, depth } = options;
  const expected = answer.join(',');
  const fits = (steps: ListStep[]) =>
    examples.every(
      (example) => applySteps(steps, example.input).join(',') === example.output.join(','),
    );

  for (const first of LIST_LIBRARY) {
    if (fits([first])) {
      if (depth === 2 || applySteps([first], query).join(',') !== expected) return false;
    }
    for (const second of LIST_LIBRARY) {
      const steps = [first, second];
      if (fits(steps) && applySteps(steps, query).join(',') !== expected) return false;
    }
  }
  return true;
}
