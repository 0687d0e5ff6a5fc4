import { InvalidInputError } from '../core/errors.js';

/** One lexical unit of an arithmetic expression; `at` is its 0-based offset. */
export type Token =
  | { type: 'number'; value: number; text: string; at: number }
  | { type: 'operator' | 'name' | 'open' | 'call' | 'close' | 'comma'; text: string; at: number };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/i;

/** A thousands-grouped integer such as 1,000 or 12,345,678.5. */
const GROUPED_NUMBER = /^\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?/;

const NAME = /^[a-z_][a-z0-9_]*/i;

const OPERATOR_ALIASES = new Map<string, string>([
  ['**', '^'],
  ['×', '*'],
  ['·', '*'],
  ['÷', '/'],
  ['−', '-'],
  ['–', '-'],
]);

/**
 * Splits an expression into tokens. A `(` right after a name opens a call,
 * whose commas separate arguments; anywhere else a comma is only accepted
 * inside a thousands group (1,000), so "max(1,000)" means max(1, 0).
 */
export function tokenizeExpression(text: string): Token[] {
  const tokens: Token[] = [];
  const groups: ('open' | 'call')[] = [];
  let at = 0;

  while (at < text.length) {
    const rest = text.slice(at);
    const char = rest[0] ?? '';

    if (/\s/.test(char)) {
      at += 1;
      continue;
    }

    const grouped = groups.at(-1) === 'call' ? null : GROUPED_NUMBER.exec(rest);
    const number = grouped ?? NUMBER.exec(rest);
    if (number) {
      const digits = number[0].replaceAll(',', '');
      tokens.push({ type: 'number', value: Number(digits), text: number[0], at });
      at += number[0].length;
      continue;
    }

    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ type: 'name', text: name[0], at });
      at += name[0].length;
      continue;
    }

    const alias = [...OPERATOR_ALIASES.keys()].find((key) => rest.startsWith(key));
    if (alias) {
      tokens.push({ type: 'operator', text: OPERATOR_ALIASES.get(alias) ?? alias, at });
      at += alias.length;
      continue;
    }

    if ('+-*/%^'.includes(char)) {
      tokens.push({ type: 'operator', text: char, at });
    } else if (char === '(') {
      const type = tokens.at(-1)?.type === 'name' ? 'call' : 'open';
      groups.push(type);
      tokens.push({ type, text: char, at });
    } else if (char === ')') {
      if (!groups.pop()) throw new InvalidInputError(`Unmatched ")" at position ${at + 1}.`);
      tokens.push({ type: 'close', text: char, at });
    } else if (char === ',') {
      if (groups.at(-1) !== 'call') {
        throw new InvalidInputError(
          `Unexpected "," at position ${at + 1}: commas separate function arguments, as in ` +
            'max(1, 2), or group thousands, as in 1,000.',
        );
      }
      tokens.push({ type: 'comma', text: char, at });
    } else {
      throw new InvalidInputError(
        `Unexpected character "${char}" at position ${at + 1}. Only numbers, + - * / % ^, ` +
          'parentheses, commas and function or constant names are allowed.',
      );
    }
    at += 1;
  }

  if (groups.length > 0) throw new InvalidInputError('Missing ")": a parenthesis is never closed.');
  return tokens;
}
