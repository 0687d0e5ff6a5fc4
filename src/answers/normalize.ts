import { InvalidInputError } from '../core/errors.js';
import { AnswerFormat } from '../core/reasoner.js';

const TRUTH_WORDS: Readonly<Record<string, string>> = {
  true: 'true',
  false: 'false',
  unknown: 'unknown',
  uncertain: 'unknown',
  undetermined: 'unknown',
  'cannot be determined': 'unknown',
  "can't be determined": 'unknown',
};

const YES_NO_WORDS: Readonly<Record<string, string>> = { yes: 'yes', no: 'no' };

/** An option label in front of a value, as in `A) True` or `(B) no`. */
const OPTION_PREFIX = /^(?:\(\s*[a-z]\s*\)|[a-z]\))\s+/i;

/**
 * The canonical form of an answer in a format, or null when the value is
 * not an answer of that format. Markdown emphasis, surrounding quotes,
 * `$...$` and `\text{...}` wrappers and trailing `.,;:!?` are removed
 * first. The canonical forms are:
 *
 * - `letter`: one upper-case letter. Accepts `B`, `b`, `(B)`, `[B]`, `B)`,
 *   `B.`, `Option B` and a labelled option such as `B) False`; never a
 *   letter followed by a plain word (`A cat` is null).
 * - `truth`: `true`, `false` or `unknown`; `uncertain`, `undetermined`
 *   and `cannot be determined` are `unknown`. `yes`/`no` are not truth
 *   values. An option label in front (`A) True`) is ignored.
 * - `yes-no`: `yes` or `no`, with the same label rule.
 * - `number`: a plain decimal without exponent: thousands commas,
 *   currency symbols, `%` and a leading `+` are dropped, leading zeros
 *   and trailing fraction zeros removed (`$70,000.` is `70000`, `0.750`
 *   is `0.75`, `−3.50` is `-3.5`, `75%` is `75`). A fraction stays a
 *   fraction with its sign in front (`3 / -4` is `-3/4`): it is neither
 *   reduced nor divided, so no precision is lost and the scorer decides
 *   how to compare. LaTeX such as `\frac{3}{4}` is not a number.
 * - `text`: whitespace collapsed and lower-cased, so that comparisons do
 *   not depend on case.
 * - `list`: items separated by `, `, each a canonical number or lower-case
 *   text; brackets and quotes dropped, commas or else spaces split items
 *   (`[3, 5, 7]` and `3 5 7` are `3, 5, 7`); an empty list is `[]`.
 */
export function normalizeAnswer(value: string, format: AnswerFormat): string | null {
  checkFormat('normalizeAnswer', format);
  if (typeof value !== 'string') {
    throw new InvalidInputError(
      `normalizeAnswer takes the answer as a string, not ${typeof value}.`,
    );
  }
  const cleaned = unwrap(value);
  if (cleaned === '') return null;

  switch (format) {
    case 'letter':
      return normalizeLetter(cleaned);
    case 'truth':
      return lookUp(TRUTH_WORDS, cleaned);
    case 'yes-no':
      return lookUp(YES_NO_WORDS, cleaned);
    case 'number':
      return normalizeNumber(cleaned);
    case 'text':
      return cleaned.replace(/\s+/g, ' ').toLowerCase();
    case 'list':
      return normalizeList(cleaned);
  }
}

/** Throws unless `format` is one of the answer formats. */
export function checkFormat(owner: string, format: unknown): asserts format is AnswerFormat {
  if (!AnswerFormat.safeParse(format).success) {
    throw new InvalidInputError(
      `${owner} needs an answer format, one of ${AnswerFormat.options.join(', ')}; ` +
        `got ${JSON.stringify(format) ?? 'none'}.`,
    );
  }
}

function normalizeList(value: string): string {
  const body = value.replace(/^[[(]\s*|\s*[\])]$/g, '').trim();
  if (body === '') return '[]';
  const parts = body.includes(',') ? body.split(',') : body.split(/\s+/);
  return parts
    .map((part) => unwrap(part))
    .filter((part) => part !== '')
    .map((part) => normalizeNumber(part) ?? part.replace(/\s+/g, ' ').toLowerCase())
    .join(', ');
}

/** Strips wrappers that never belong to an answer, until none is left. */
function unwrap(value: string): string {
  let current = value;
  for (;;) {
    const next = unwrapOnce(current);
    if (next === current) return current;
    current = next;
  }
}

function unwrapOnce(value: string): string {
  const text = value
    .trim()
    .replace(/^[*_`]+(?=\S)|(?<=\S)[*_`]+$/g, '')
    .replace(/[.,;:!?]+$/, '')
    .trim();
  for (const pattern of WRAPPERS) {
    const match = pattern.exec(text);
    if (match) return match[1] ?? '';
  }
  return text;
}

/** Quotes, math and LaTeX text commands around an answer; group 1 is inside. */
const WRAPPERS: readonly RegExp[] = [
  /^"(.*)"$/s,
  /^'(.*)'$/s,
  /^“(.*)”$/s,
  /^\$([^$]+)\$$/s,
  /^\\\((.*)\\\)$/s,
  /^\\\[(.*)\\\]$/s,
  /^\\(?:text|textbf|mathrm|mathbf|mbox)\s*\{([^{}]*)\}$/s,
];

function normalizeLetter(value: string): string | null {
  const body = value.replace(/^(?:option|choice|letter)\s+/i, '');
  const match =
    /^\(\s*([a-z])\s*\)(?:\s+\S.*)?$/is.exec(body) ??
    /^\[\s*([a-z])\s*\](?:\s+\S.*)?$/is.exec(body) ??
    /^([a-z])[).:](?:\s+\S.*)?$/is.exec(body) ??
    /^([a-z])$/i.exec(body);
  return match?.[1] ? match[1].toUpperCase() : null;
}

function lookUp(words: Readonly<Record<string, string>>, value: string): string | null {
  const key = value.replace(OPTION_PREFIX, '').replace(/\s+/g, ' ').toLowerCase();
  return words[unwrap(key)] ?? null;
}

function normalizeNumber(value: string): string | null {
  const compact = value
    .replace(/\\([$%])/g, '$1')
    .replace(/\{,\}/g, ',')
    .replace(/\\[,!; ]/g, '')
    .replace(/[−–]/g, '-')
    .replace(/\s+/g, '');

  const fraction = /^([+-]?)(\d+)\/([+-]?)(\d+)$/.exec(compact);
  if (fraction) {
    const [, sign1 = '', top = '', sign2 = '', bottom = ''] = fraction;
    const numerator = stripLeadingZeros(top);
    const denominator = stripLeadingZeros(bottom);
    if (denominator === '0') return null;
    const negative = (sign1 === '-') !== (sign2 === '-') && numerator !== '0';
    return `${negative ? '-' : ''}${numerator}/${denominator}`;
  }

  const decimal = /^([+-]?)[$€£¥]?([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?%?$/.exec(compact);
  if (!decimal) return null;
  const [, sign1 = '', sign2 = '', whole = '', part = ''] = decimal;
  if (sign1 && sign2) return null;
  if (whole === '' && part === '') return null;

  const integer = stripLeadingZeros(whole.replace(/,/g, '') || '0');
  const fractional = part.replace(/0+$/, '');
  const digits = fractional ? `${integer}.${fractional}` : integer;
  const negative = (sign1 || sign2) === '-' && digits !== '0';
  return `${negative ? '-' : ''}${digits}`;
}

function stripLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
