import { InvalidInputError } from '../../core/errors.js';
import { readPrompt, renderTemplate } from '../prompts.js';
import { checkGame24, puzzleNumbers } from './check-game24.js';
import { OPERATOR_SPELLINGS } from './parse-arithmetic.js';
import {
  applyOperator,
  compareRationals,
  decimalPlaces,
  equalRationals,
  formatRational,
  type Operator,
  parseRational,
  type Rational,
  roundsTo,
} from './rational.js';
import type { ThoughtChild, ThoughtTask } from './task.js';

/** A number still to be combined, with the expression that made it. */
export interface Game24Number {
  value: Rational;
  expression: string;
  /** Whether the expression has an operator (and needs parentheses inside another). */
  compound: boolean;
}

export interface Game24State {
  /** The puzzle's numbers, e.g. `4 5 6 10`. */
  puzzle: string;
  /** Numbers left, smallest first. */
  left: readonly Game24Number[];
  /** Operations so far, e.g. `4 + 5 = 9 (left: 6 9 10)`. */
  steps: readonly string[];
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:\/\d+)?`;

/** `a op b = c`, anywhere in a line; what follows (the left list) is recomputed. */
const OPERATION = new RegExp(
  String.raw`(?<![\d./])(${NUMBER})\s*([-+*/×÷−])\s*(${NUMBER})` +
    String.raw`\s*=\s*(${NUMBER})(?![\d.]|\/\d)`,
);

/**
 * Game of 24: reach 24 from four numbers with `+ - * /`. A state is the
 * numbers left; each thought combines two of them. A state with one
 * number left is final, and solved when the composed expression passes
 * `checkGame24`. The puzzle is the first run of numbers in the question
 * (`Use 4 5 6 10 to make 24` is `4 5 6 10`).
 */
export const game24Task: ThoughtTask<Game24State> = {
  name: 'game24',
  hints: { generate: 'propose', depth: 3 },

  initial(task) {
    const puzzle = /\d+(?:\.\d+)?(?:(?:\s*,\s*|\s+)(?:and\s+)?\d+(?:\.\d+)?)+/.exec(task.question);
    const text = (puzzle?.[0].match(/\d+(?:\.\d+)?/g) ?? []).join(' ');
    const numbers = puzzleNumbers(text) ?? [];
    // With no numbers there is nothing to search; say so rather than answer nothing.
    if (numbers.length < 2) {
      throw new InvalidInputError(
        'The game24 task needs the puzzle\'s numbers in the question, e.g. "Use 4 9 10 13 to make 24."',
      );
    }
    const left = numbers.map((value) => ({
      value,
      expression: formatRational(value),
      compound: false,
    }));
    return { puzzle: text, left: sortLeft(left), steps: [] };
  },

  render(state) {
    return state.steps.length > 0 ? state.steps.join('\n') : formatLeft(state.left);
  },

  childrenPrompt({ state, count }) {
    return renderTemplate(readPrompt('tot-game24-propose.txt'), {
      left: formatLeft(state.left),
      count: String(count),
    }).trim();
  },

  parseChildren(reply, { state }) {
    const children: ThoughtChild<Game24State>[] = [];
    for (const line of reply.split('\n')) {
      const child = applyLine(line, state);
      if (child) children.push(child);
    }
    return children;
  },

  valuePrompt(state) {
    return renderTemplate(readPrompt('tot-game24-value.txt'), {
      left: formatLeft(state.left),
    }).trim();
  },

  isFinal(state) {
    return state.left.length <= 1;
  },

  check(state) {
    const [last, ...rest] = state.left;
    if (!last || rest.length > 0) return { solved: false, answer: null };
    return { solved: checkGame24(state.puzzle, last.expression), answer: last.expression };
  },
};

/** The state after one proposed operation, or null when the line is not a valid one. */
function applyLine(line: string, parent: Game24State): ThoughtChild<Game24State> | null {
  const match = OPERATION.exec(line);
  if (!match) return null;
  const [, leftText = '', symbol = '', rightText = '', resultText = ''] = match;
  const operator = OPERATOR_SPELLINGS[symbol];
  const a = parseRational(leftText);
  const b = parseRational(rightText);
  const stated = parseRational(resultText);
  if (!operator || !a || !b || !stated) return null;

  // Operands must be numbers that are left, two different ones.
  const first = parent.left.findIndex((number) => equalRationals(number.value, a));
  const second = parent.left.findIndex(
    (number, index) => index !== first && equalRationals(number.value, b),
  );
  const x = parent.left[first];
  const y = parent.left[second];
  if (!x || !y) return null;

  const value = applyOperator(operator, a, b);
  if (value === null) return null;
  const places = decimalPlaces(resultText);
  const correct = places > 0 ? roundsTo(value, stated, places) : equalRationals(value, stated);
  if (!correct) return null;

  const made: Game24Number = {
    value,
    expression: `${wrap(x)} ${operator} ${wrap(y)}`,
    compound: true,
  };
  const left = sortLeft([
    ...parent.left.filter((_, index) => index !== first && index !== second),
    made,
  ]);
  const thought =
    `${formatRational(a)} ${operator} ${formatRational(b)} = ${formatRational(value)} ` +
    `(left: ${formatLeft(left)})`;
  return {
    state: { puzzle: parent.puzzle, left, steps: [...parent.steps, thought] },
    thought,
  };
}

function wrap(number: Game24Number): string {
  return number.compound ? `(${number.expression})` : number.expression;
}

function sortLeft(numbers: Game24Number[]): Game24Number[] {
  return [...numbers].sort((a, b) => compareRationals(a.value, b.value));
}

function formatLeft(numbers: readonly Game24Number[]): string {
  return numbers.map((number) => formatRational(number.value)).join(' ');
}
