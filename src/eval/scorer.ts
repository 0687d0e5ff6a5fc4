import { normalizeAnswer } from '../answers/normalize.js';
import type { AnswerFormat } from '../core/reasoner.js';

/** Relative tolerance for numeric answers. */
const NUMBER_TOLERANCE = 1e-6;

/**
 * Whether an extracted answer matches the gold one. Both sides are
 * normalised for the format first; a null answer is never correct.
 */
export function scoreAnswer(answer: string | null, gold: string, format: AnswerFormat): boolean {
  if (answer === null) return false;
  const expected = normalizeAnswer(gold, format) ?? gold;
  const actual = normalizeAnswer(answer, format) ?? answer;
  if (format === 'number') {
    const a = Number(actual);
    const b = Number(expected);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      return Math.abs(a - b) <= NUMBER_TOLERANCE * Math.max(1, Math.abs(b));
    }
  }
  return actual === expected;
}
