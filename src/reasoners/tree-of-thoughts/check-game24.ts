import { parseArithmetic } from './parse-arithmetic.js';
import { equalRationals, formatRational, parseRational, type Rational } from './rational.js';

const TWENTY_FOUR = parseRational('24');

/**
 * Whether an expression solves a Game of 24 puzzle: its exact value is
 * 24 and it uses every puzzle number exactly once, with `+ - * /` and
 * parentheses only. The puzzle is its numbers, e.g. `4 5 6 10` or
 * `4, 5, 6, 10`. A trailing `= 24` on the expression is allowed.
 *
 * Arithmetic is exact, so `8 / (3 - 8 / 3)` solves `3 3 8 8`.
 */
export function checkGame24(puzzle: string, expression: string): boolean {
  const numbers = puzzleNumbers(puzzle);
  if (numbers === null || numbers.length === 0 || TWENTY_FOUR === null) return false;

  const parsed = parseArithmetic(expression.replace(/=\s*24\s*$/, ''));
  if (!parsed.ok || !equalRationals(parsed.value, TWENTY_FOUR)) return false;
  return sameNumbers(parsed.numbers, numbers);
}

/** The numbers of a puzzle written as numbers separated by spaces or commas. */
export function puzzleNumbers(puzzle: string): Rational[] | null {
  const parts = puzzle.split(/[\s,]+/).filter((part) => part !== '');
  const numbers: Rational[] = [];
  for (const part of parts) {
    const number = parseRational(part);
    if (number === null) return null;
    numbers.push(number);
  }
  return numbers;
}

function sameNumbers(used: Rational[], given: Rational[]): boolean {
  const key = (numbers: Rational[]) => numbers.map(formatRational).sort().join(' ');
  return used.length === given.length && key(used) === key(given);
}
