import { InvalidInputError } from '../core/errors.js';
import type { AnswerFormat } from '../core/reasoner.js';
import { findBoxes } from './boxed.js';
import { declarations } from './declarations.js';
import { checkFormat, normalizeAnswer } from './normalize.js';
import { labelOptions, matchOptionText, type LabelledOption } from './options.js';

/**
 * Where an answer was read from: the last `\boxed{}`, the last declaration
 * (`Answer: X`, `The answer is X`), the last line when it is only an answer,
 * the whole reply when it is only an answer, an option's text mapped to its
 * letter, or nowhere.
 */
export type ExtractionMethod =
  'boxed' | 'declared' | 'final-line' | 'bare' | 'option-text' | 'none';

export interface Extraction {
  /** The canonical answer (see `normalizeAnswer`), or null when none was found. */
  answer: string | null;
  method: ExtractionMethod;
  /** The text the answer was read from, verbatim from the reply; null with no answer. */
  span: string | null;
}

export interface ExtractAnswerOptions {
  /** The format the answer must have. */
  format: AnswerFormat;
  /**
   * Multiple-choice options such as `["A) True", "B) False"]`. With them,
   * only their letters are accepted, and a stated option text (`The answer
   * is False`) maps to its letter. Default: null, any letter A-Z.
   */
  options?: readonly string[] | null;
}

interface Rules {
  format: AnswerFormat;
  options: LabelledOption[] | null;
  letters: ReadonlySet<string> | null;
}

interface Reading {
  answer: string;
  fromOptionText: boolean;
}

interface Candidate extends Reading {
  method: 'boxed' | 'declared';
  span: string;
  position: number;
}

const NONE: Extraction = { answer: null, method: 'none', span: null };

/** Words after which a capital `A` or `I` is still an option letter. */
const CONNECTIVES = new Set(['because', 'since', 'as', 'given', 'due', 'is', 'was', 'based']);

const TRUTH_WORDS = 'true|false|unknown|uncertain|undetermined|cannot be determined';

/**
 * Reads the final answer out of model text. The latest explicit answer
 * wins, so a model that corrects itself is read at its correction: the
 * last `\boxed{...}` or the last declaration, whichever comes later.
 * Failing those, a reply (or its last line) that is nothing but an answer
 * is read. Anything else gives a null answer with method `none`: a letter
 * is never guessed from prose, so the article in `A cat is...` is not `A`.
 *
 * A box's content that is not a number in `number` format (`\frac{3}{4}`)
 * is kept verbatim. Text answers come from a box, a declaration (up to the
 * end of its first sentence) or a one-line reply.
 */
export function extractAnswer(reply: string, options: ExtractAnswerOptions): Extraction {
  checkArguments(reply, options);
  const rules = toRules(options);
  const text = withoutThinking(reply);

  let latest: Candidate | null = null;
  for (const candidate of [...boxedCandidates(text, rules), ...declaredCandidates(text, rules)]) {
    if (!latest || candidate.position > latest.position) latest = candidate;
  }
  if (latest) {
    const method = latest.fromOptionText ? 'option-text' : latest.method;
    return { answer: latest.answer, method, span: latest.span };
  }

  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const last = lines.at(-1);
  if (last === undefined) return NONE;

  // Any line is some text, so only a one-line reply is a text answer.
  if (lines.length > 1 && rules.format === 'text') return NONE;
  const reading = readWhole(last, rules);
  if (!reading) return NONE;
  const method = reading.fromOptionText
    ? 'option-text'
    : lines.length === 1
      ? 'bare'
      : 'final-line';
  return { answer: reading.answer, method, span: last };
}

/**
 * A reply without its `<think>...</think>` blocks: reasoning models' hidden
 * deliberation is not their answer. An unclosed block runs to the end.
 */
export function withoutThinking(reply: string): string {
  return reply.replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, '').trim();
}

function checkArguments(reply: unknown, options: ExtractAnswerOptions | undefined): void {
  if (typeof reply !== 'string') {
    throw new InvalidInputError(`extractAnswer takes the reply as a string, not ${typeof reply}.`);
  }
  checkFormat('extractAnswer', options?.format);
  const choices: unknown = options.options;
  const strings = Array.isArray(choices) && choices.every((choice) => typeof choice === 'string');
  if (choices != null && !strings) {
    throw new InvalidInputError(
      'extractAnswer option options must be an array of strings, e.g. ["A) True"].',
    );
  }
}

function toRules(options: ExtractAnswerOptions): Rules {
  const labelled = options.options?.length ? labelOptions(options.options) : null;
  return {
    format: options.format,
    options: labelled,
    letters: labelled ? new Set(labelled.map((option) => option.letter)) : null,
  };
}

function boxedCandidates(text: string, rules: Rules): Candidate[] {
  const candidates: Candidate[] = [];
  for (const box of findBoxes(text)) {
    const reading = readBox(box.content, rules);
    if (!reading) continue;
    const span = text.slice(box.start, box.end);
    const { answer, fromOptionText } = reading;
    candidates.push({ answer, fromOptionText, method: 'boxed', span, position: box.contentStart });
  }
  return candidates;
}

function declaredCandidates(text: string, rules: Rules): Candidate[] {
  const statements = rules.format === 'truth' || rules.format === 'letter';
  const candidates: Candidate[] = [];
  for (const declaration of declarations(text, { statements })) {
    // A box inside a declaration is read as a box.
    if (/\\(?:boxed|fbox)\s*\{/.test(declaration.value)) continue;
    const reading = readDeclared(declaration.value, rules);
    if (!reading) continue;
    candidates.push({
      answer: reading.answer,
      fromOptionText: reading.fromOptionText,
      method: 'declared',
      span: declaration.span,
      position: declaration.position,
    });
  }
  return candidates;
}

/** Reads a value that must be an answer and nothing else. */
function readWhole(value: string, rules: Rules): Reading | null {
  const answer = normalizeAnswer(value, rules.format);
  if (rules.format !== 'letter') return answer === null ? null : { answer, fromOptionText: false };

  if (answer !== null && (!rules.letters || rules.letters.has(answer))) {
    return { answer, fromOptionText: false };
  }
  const letter = rules.options ? matchOptionText(value, rules.options) : null;
  return letter === null ? null : { answer: letter, fromOptionText: true };
}

function readBox(content: string, rules: Rules): Reading | null {
  if (rules.format === 'number' || rules.format === 'text') {
    const answer = normalizeAnswer(content, rules.format) ?? (content.trim() || null);
    return answer === null ? null : { answer, fromOptionText: false };
  }
  return readDeclared(content, rules);
}

/** Reads the answer at the start of what follows a declaration. */
function readDeclared(value: string, rules: Rules): Reading | null {
  if (rules.format === 'text') {
    const sentence = value.trim().split(/(?<=[.!?])\s+/)[0] ?? '';
    const answer = normalizeAnswer(sentence, 'text');
    return answer === null ? null : { answer, fromOptionText: false };
  }

  // "A) True or B) False" offers options; it does not choose one.
  if (rules.format === 'letter' && /\b(?:or|nor)\s+\(?[A-Z][).:]/.test(value)) return null;

  const whole = readWhole(value, rules);
  if (whole) return whole;

  const answer =
    rules.format === 'letter'
      ? leadingLetter(value, rules.letters)
      : rules.format === 'number'
        ? leadingNumber(value)
        : leadingWord(value, rules.format === 'truth' ? TRUTH_WORDS : 'yes|no', rules.format);
  if (answer !== null) return { answer, fromOptionText: false };

  const letter = rules.options ? matchOptionText(value, rules.options, { prefix: true }) : null;
  return letter === null ? null : { answer: letter, fromOptionText: true };
}

function leadingLetter(value: string, letters: ReadonlySet<string> | null): string | null {
  const body = value.replace(/^[\s*_"'`“]+/, '').replace(/^(?:option|choice)\s+/i, '');
  const wrapped = /^[([]\s*([A-Za-z])\s*[)\]]/.exec(body);
  const plain = wrapped ? null : /^([A-Z])(?![\p{L}\p{N}'’])/u.exec(body);
  const letter = (wrapped?.[1] ?? plain?.[1])?.toUpperCase();
  if (letter === undefined) return null;
  const rest = body.slice((wrapped ?? plain)?.[0].length ?? 0);

  // "A" and "I" are words too: "A cat is..." is not option A.
  const word = /^\s+([a-z]+)/.exec(rest)?.[1];
  if (plain && (letter === 'A' || letter === 'I') && word && !CONNECTIVES.has(word)) return null;

  // "A or B" and "A, B" name several letters, not an answer.
  if (/^\s*(?:or\b|and\b|nor\b|\/|,\s*\(?[A-Z]\)?(?![\p{L}]))/u.test(rest)) return null;
  return !letters || letters.has(letter) ? letter : null;
}

function leadingWord(value: string, words: string, format: AnswerFormat): string | null {
  const body = value.replace(/^[\s*_"'`“]+/, '').replace(/^(?:\(\s*[a-z]\s*\)|[a-z]\))\s+/i, '');
  const match = new RegExp(`^(${words})(?![\\p{L}\\p{N}'’-])`, 'iu').exec(body);
  if (!match?.[1]) return null;

  // "No one knows" is not "no"; only punctuation or a reason may follow.
  const rest = body.slice(match[0].length);
  if (!/^(?:\s*$|[\s*_"'”]*[.,;:!)\]—–(-]|\s+(?:because|since|as|given)\b)/i.test(rest)) {
    return null;
  }
  return normalizeAnswer(match[1], format);
}

const SIGN = String.raw`(?:[-+−]\s*)?`;
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:\.\d+)?(?:\s*\/\s*\d+)?`;
const NUMBER_TOKEN = new RegExp(
  String.raw`^[\s*_"'${'`'}]*(${SIGN}[$€£¥]?\s*${SIGN}${DIGITS}\s*%?)`,
);

function leadingNumber(value: string): string | null {
  const match = NUMBER_TOKEN.exec(value);
  const token = match?.[1];
  if (!match || !token || !/\d/.test(token)) return null;

  // "1,2,3" is a list, "3.5.1" a version, "5 or 6" two answers, "5 * 3"
  // and "1.5e3" expressions not read to the end, "3 apples and 4 pears" two numbers.
  const rest = value.slice(match[0].length);
  if (/^(?:[,.]?\d|[eE][-+]?\d|\s*(?:or\b|to\b|and\b|[/*×÷^+=-]\s*[\d(]))/.test(rest)) return null;
  if (/^[^.\n]*\b(?:and|or|plus)\s+[$€£¥]?\d/.test(rest)) return null;
  return normalizeAnswer(token, 'number');
}
