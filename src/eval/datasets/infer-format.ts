import { normalizeAnswer } from '../../answers/normalize.js';
import type { AnswerFormat } from '../../core/reasoner.js';

/**
 * The answer format that every gold answer fits, tried from the most
 * specific: letters (`A`, `(B)`), truth words, yes/no, numbers, lists
 * (bracketed), else text.
 */
export function inferFormat(answers: readonly string[]): AnswerFormat {
  const fits = (format: AnswerFormat, test?: (answer: string) => boolean) =>
    answers.length > 0 &&
    answers.every((answer) => (test ? test(answer) : normalizeAnswer(answer, format) !== null));

  if (fits('letter', (answer) => /^\(?[A-Z]\)?$/.test(answer.trim()))) return 'letter';
  if (fits('truth')) return 'truth';
  if (fits('yes-no')) return 'yes-no';
  if (fits('number')) return 'number';
  if (fits('list', (answer) => /^\[.*\]$/s.test(answer.trim()))) return 'list';
  return 'text';
}
