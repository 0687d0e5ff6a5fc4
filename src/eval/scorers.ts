import { withoutThinking } from '../answers/extract.js';
import { normalizeAnswer } from '../answers/normalize.js';
import type { Backend } from '../core/backend.js';
import type { AnswerFormat } from '../core/reasoner.js';
import { readPrompt, renderTask, renderTemplate } from '../reasoners/prompts.js';
import { firstJsonValue } from '../util/json-value.js';
import type { EvalItem } from './item.js';

/** What a scorer sees of an item: its gold answer, format and question. */
export type ScoredItem = Pick<EvalItem, 'answer' | 'format' | 'question' | 'context' | 'options'>;

export interface ScoreInput {
  /** The extracted canonical answer, or null. */
  answer: string | null;
  item: ScoredItem;
  /** The full reply text the answer came from (for model-graded scoring). */
  text: string;
}

/** Judges one answer against an item's gold answer. */
export interface Scorer {
  readonly name: string;
  /** The answer formats it can judge. Default: all of them. */
  readonly formats?: readonly AnswerFormat[];
  score(input: ScoreInput): boolean | Promise<boolean>;
}

/** Both normalise, and to the same thing: a value that is no answer matches nothing. */
function same(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a === b;
}

/** Equal after normalisation in the item's format. */
export const exactScorer: Scorer = {
  name: 'exact',
  score: ({ answer, item }) =>
    answer !== null &&
    same(normalizeAnswer(answer, item.format), normalizeAnswer(item.answer, item.format)),
};

/** The chosen option letter equals the gold letter. */
export const choiceScorer: Scorer = {
  name: 'choice',
  formats: ['letter'],
  score: ({ answer, item }) =>
    answer !== null &&
    same(normalizeAnswer(answer, 'letter'), normalizeAnswer(item.answer, 'letter')),
};

/** The same truth value (true/false/unknown, or yes/no). */
export const booleanScorer: Scorer = {
  name: 'boolean',
  formats: ['truth', 'yes-no'],
  score: ({ answer, item }) => {
    if (answer === null) return false;
    const format = item.format === 'yes-no' ? 'yes-no' : 'truth';
    return same(normalizeAnswer(answer, format), normalizeAnswer(item.answer, format));
  },
};

/** Numbers within a tolerance: `max(absolute, relative * |gold|)`. */
export function numericScorer(options: { relative?: number; absolute?: number } = {}): Scorer {
  const relative = options.relative ?? 1e-6;
  const absolute = options.absolute ?? 1e-9;
  return {
    name: 'numeric',
    formats: ['number'],
    score: ({ answer, item }) => {
      const a = answer === null ? Number.NaN : toNumber(answer);
      const b = toNumber(item.answer);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return Math.abs(a - b) <= Math.max(absolute, relative * Math.abs(b));
    },
  };
}

/** A canonical number or fraction (`3/4`) as a float. */
function toNumber(value: string): number {
  const canonical = normalizeAnswer(value, 'number');
  if (canonical === null) return Number.NaN;
  const [top, bottom] = canonical.split('/');
  return bottom === undefined ? Number(top) : Number(top) / Number(bottom);
}

function listItems(value: string): string[] {
  const canonical = normalizeAnswer(value, 'list');
  if (canonical === null || canonical === '[]') return [];
  return canonical.split(', ');
}

/** The same items in the same order. */
export const listScorer: Scorer = {
  name: 'list',
  formats: ['list'],
  score: ({ answer, item }) =>
    answer !== null && listItems(answer).join('\u0000') === listItems(item.answer).join('\u0000'),
};

/** The same items in any order (e.g. relations that hold), repeats ignored. */
export const setScorer: Scorer = {
  name: 'set',
  formats: ['list', 'text'],
  score: ({ answer, item }) => {
    if (answer === null) return false;
    const a = new Set(listItems(answer));
    const b = new Set(listItems(item.answer));
    return a.size === b.size && [...a].every((value) => b.has(value));
  },
};

/** Your own judgement as a scorer. */
export function customScorer(name: string, score: Scorer['score']): Scorer {
  return { name, score };
}

/**
 * A model judges whether the reply answers the item as the gold answer
 * does; an unreadable verdict is a fail. Costs one call per item.
 */
export function modelGradedScorer(grader: Backend): Scorer {
  return {
    name: 'model-graded',
    async score({ item, text }) {
      const prompt = renderTemplate(readPrompt('grade.txt'), {
        task: renderTask(item),
        gold: item.answer,
        reply: text || '(empty)',
      });
      const result = await grader.generate({
        messages: [{ role: 'user', content: prompt }],
        temperature: 0,
      });
      const verdict = firstJsonValue(withoutThinking(result.choices[0]?.text ?? ''));
      return (
        typeof verdict === 'object' && verdict !== null && Reflect.get(verdict, 'correct') === true
      );
    },
  };
}

export type ScorerName = 'exact' | 'choice' | 'boolean' | 'numeric' | 'list' | 'set';

const NAMED: Record<ScorerName, Scorer> = {
  exact: exactScorer,
  choice: choiceScorer,
  boolean: booleanScorer,
  numeric: numericScorer(),
  list: listScorer,
  set: setScorer,
};

export const scorerNames = Object.keys(NAMED) as ScorerName[];

export function namedScorer(name: ScorerName): Scorer {
  return NAMED[name];
}

/** The scorer an item's format calls for when none is chosen. */
export function defaultScorer(format: AnswerFormat): Scorer {
  switch (format) {
    case 'letter':
      return choiceScorer;
    case 'truth':
    case 'yes-no':
      return booleanScorer;
    case 'number':
      return NAMED.numeric;
    case 'list':
      return listScorer;
    case 'text':
      return exactScorer;
  }
}
