/** A place where model text states its answer, as in `Answer: B`. */
export interface Declaration {
  /** What follows the declaration up to the end of its line, trimmed. */
  value: string;
  /** The declaration and its value, verbatim from the text. */
  span: string;
  /** Offset of the value in the text. */
  position: number;
}

export interface DeclarationsOptions {
  /**
   * Also count `The statement is X` (and conclusion, claim, hypothesis),
   * which only makes sense for truth values. Default: false.
   */
  statements?: boolean;
}

const ADVERBS = [
  'therefore',
  'thus',
  'then',
  'so',
  'definitely',
  'clearly',
  'indeed',
  'actually',
  'now',
  'still',
  'likely',
  'probably',
  'necessarily',
];
const ADVERB = String.raw`(?:,?\s+(?:${ADVERBS.join('|')}),?)?`;
const IS = String.raw`${ADVERB}\s+(?:is|would\s+be|should\s+be|must\s+be|will\s+be)${ADVERB}`;
const VALUE = String.raw`[ \t]*([^\n]*)`;

/** Builds a global, case-insensitive pattern from source parts. */
function pattern(...parts: string[]): RegExp {
  return new RegExp(parts.join(''), 'gi');
}

const ANSWER_HEADS = [
  String.raw`\b(?:final\s+)?answer\s*[:：]`,
  String.raw`\b(?:the\s+)?(?:(?:final|correct|right|best)\s+)?answer${IS}\s*:?`,
  String.raw`\b(?:the\s+)?(?:correct|right|best)\s+(?:option|choice)${IS}\s*:?`,
];
const STATEMENT_HEAD = String.raw`\b(?:the\s+)?(?:statement|conclusion|claim|hypothesis)${IS}\s+`;

const ANSWER_PATTERNS = ANSWER_HEADS.map((head) => pattern(head, VALUE));
const STATEMENT_PATTERN = pattern(STATEMENT_HEAD, VALUE);

/** Any declaration's start, to end a value where a later one begins on its line. */
const ANY_HEAD = new RegExp([...ANSWER_HEADS, STATEMENT_HEAD].join('|'), 'i');

/**
 * Every answer declaration in the text, in no particular order: `Answer:
 * X`, `Final answer: X`, `The answer is X`, `Therefore, the answer is X`,
 * `The correct option is X`, with or without Markdown emphasis
 * (`**Answer:** X`). A declaration with nothing after it on its line takes
 * the next non-empty line as its value.
 */
export function declarations(text: string, options: DeclarationsOptions = {}): Declaration[] {
  const { plain, offsets } = withoutAsterisks(text);
  const patterns = options.statements ? [...ANSWER_PATTERNS, STATEMENT_PATTERN] : ANSWER_PATTERNS;

  const found: Declaration[] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(plain); match; match = pattern.exec(plain)) {
      let lineEnd = match.index + match[0].length;
      const plainValueStart = lineEnd - (match[1] ?? '').length;

      // "Answer: A. Wait, the answer is B." holds two declarations on one line.
      const later = ANY_HEAD.exec(match[1]?.slice(1) ?? '');
      if (later) {
        lineEnd = plainValueStart + 1 + later.index;
        pattern.lastIndex = lineEnd;
      }
      const start = widen(text, offsets(match.index) ?? 0, -1);
      let valueStart = offsets(plainValueStart) ?? text.length;
      let valueEnd = widen(text, offsets(lineEnd) ?? text.length, 1);

      // "Final answer:" alone on its line, the answer on the next.
      if (text.slice(valueStart, valueEnd).replace(/\*/g, '').trim() === '') {
        const next = /\n\s*([^\n]*\S)/.exec(text.slice(valueEnd));
        if (!next?.[1]) continue;
        valueStart = valueEnd + next.index + next[0].length - next[1].length;
        valueEnd = valueStart + next[1].length;
      }

      found.push({
        value: text.slice(valueStart, valueEnd).trim(),
        span: text.slice(start, valueEnd).trim(),
        position: valueStart,
      });
    }
  }
  return found;
}

/**
 * The text with every `*` removed, and for each character of the result
 * its offset in the original, so that matches map back to it.
 */
function withoutAsterisks(text: string): { plain: string; offsets: Offsets } {
  // Most replies have no emphasis; skip building the offset map for them.
  if (!text.includes('*')) return { plain: text, offsets: IDENTITY };
  const kept: string[] = [];
  const offsets: number[] = [];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '*') continue;
    kept.push(text[index] ?? '');
    offsets.push(index);
  }
  offsets.push(text.length);
  return { plain: kept.join(''), offsets: (index) => offsets[index] };
}

/** Moves an offset over adjacent `*`, so spans keep their emphasis marks. */
function widen(text: string, offset: number, direction: 1 | -1): number {
  let current = offset;
  if (direction === -1) {
    while (current > 0 && text[current - 1] === '*') current--;
  } else {
    while (current < text.length && text[current] === '*') current++;
  }
  return current;
}

/** Maps an offset in the plain text to the original; undefined past its end. */
type Offsets = (index: number) => number | undefined;

const IDENTITY: Offsets = (index) => index;
