import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { defineTool } from '../core/tool.js';
import { type Token, tokenizeExpression } from './arithmetic-tokens.js';

/** Longest expression accepted, so a runaway input fails fast. */
const MAX_LENGTH = 2000;

/** Deepest nesting accepted, so the recursive parser cannot overflow the stack. */
const MAX_DEPTH = 200;

const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
]);

interface MathFunction {
  minArguments: number;
  maxArguments: number;
  apply(values: number[]): number;
}

const FUNCTIONS = new Map<string, MathFunction>([
  ['sqrt', unary((x) => (x < 0 ? fail('sqrt of a negative number is not real.') : Math.sqrt(x)))],
  ['abs', unary(Math.abs)],
  ['floor', unary(Math.floor)],
  ['ceil', unary(Math.ceil)],
  ['exp', unary(Math.exp)],
  ['ln', unary((x) => (x <= 0 ? fail('ln needs a positive number.') : Math.log(x)))],
  ['log', { minArguments: 1, maxArguments: 2, apply: logarithm }],
  ['round', { minArguments: 1, maxArguments: 2, apply: roundTo }],
  ['min', { minArguments: 1, maxArguments: Infinity, apply: (values) => Math.min(...values) }],
  ['max', { minArguments: 1, maxArguments: Infinity, apply: (values) => Math.max(...values) }],
]);

/** Binding powers: higher binds tighter; `^` is right-associative. */
const INFIX_POWER = new Map<string, number>([
  ['+', 10],
  ['-', 10],
  ['*', 20],
  ['/', 20],
  ['%', 20],
  ['^', 40],
]);
const PREFIX_POWER = 30;

/**
 * Evaluates an arithmetic expression with a real parser (no `eval`).
 *
 * Accepts numbers (`2`, `0.5`, `.5`, `1e3`, thousands groups like
 * `1,000` outside function calls), `+ - * / % ^` (`**` and `×` `÷` `−`
 * too), unary minus, parentheses, the functions sqrt, abs, round(x,
 * digits?), floor, ceil, min, max, log(x, base = 10), ln, exp and the
 * constants pi and e. `^` binds tighter than unary minus: `-2^2` is -4.
 * `%` is the remainder, not a percentage.
 *
 * @throws InvalidInputError with a readable message on anything else, on division by
 * zero and on results that are not finite.
 */
export function evaluateExpression(text: string): number {
  if (text.length > MAX_LENGTH) {
    throw new InvalidInputError(`The expression is longer than ${MAX_LENGTH} characters.`);
  }
  const parser = new Parser(tokenizeExpression(text));
  const value = parser.parseAll();
  if (!Number.isFinite(value))
    throw new InvalidInputError('The result is not a finite number (overflow).');
  return value;
}

/** Formats a result without float noise: 0.1 + 0.2 gives "0.3". */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '0';
  if (Number.isInteger(value)) return String(value);
  return String(Number.parseFloat(value.toPrecision(12)));
}

export const calculator = defineTool({
  name: 'calculator',
  description:
    'Evaluates an arithmetic expression exactly and returns the number. Supports + - * / % ^, ' +
    'parentheses, sqrt, abs, round, floor, ceil, min, max, log (base 10, or log(x, base)), ln, ' +
    'exp, pi and e. No variables or units.',
  input: z.object({
    expression: z.string().describe('The expression, for example "(3 + 4) * 2^3 / sqrt(16)".'),
  }),
  call: ({ expression }) => formatNumber(evaluateExpression(expression)),
});

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): number {
    if (this.tokens.length === 0) throw new InvalidInputError('The expression is empty.');
    const value = this.parse(0);
    const extra = this.peek();
    if (extra)
      throw new InvalidInputError(`Unexpected "${extra.text}" at position ${extra.at + 1}.`);
    return value;
  }

  private parse(minimumPower: number): number {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new InvalidInputError('The expression is nested too deeply.');
    let left = this.parsePrefix();

    for (;;) {
      const token = this.peek();
      if (!token || token.type === 'close' || token.type === 'comma') break;
      if (token.type !== 'operator') {
        throw new InvalidInputError(
          `Expected an operator before "${token.text}" at position ${token.at + 1}.`,
        );
      }
      const power = INFIX_POWER.get(token.text) ?? 0;
      if (power <= minimumPower) break;
      this.position += 1;

      // Right-associative: the right side may hold another `^` of equal power.
      const right = this.parse(token.text === '^' ? power - 1 : power);
      left = applyOperator(token.text, left, right);
    }

    this.depth -= 1;
    return left;
  }

  private parsePrefix(): number {
    const token = this.next('a number');
    if (token.type === 'number') return token.value;
    if (token.type === 'operator' && (token.text === '-' || token.text === '+')) {
      const operand = this.parse(PREFIX_POWER);
      return token.text === '-' ? -operand : operand;
    }
    if (token.type === 'open') {
      const value = this.parse(0);
      this.expect('close', '")"');
      return value;
    }
    if (token.type === 'name') return this.parseName(token);
    throw new InvalidInputError(
      `Expected a number but found "${token.text}" at position ${token.at + 1}.`,
    );
  }

  private parseName(token: Token): number {
    const name = token.text.toLowerCase();
    const constant = CONSTANTS.get(name);
    if (constant !== undefined) return constant;

    const math = FUNCTIONS.get(name);
    if (!math) {
      const known = [...FUNCTIONS.keys(), ...CONSTANTS.keys()].join(', ');
      throw new InvalidInputError(
        `Unknown name "${token.text}". Known functions and constants: ${known}.`,
      );
    }
    if (this.peek()?.type !== 'call')
      throw new InvalidInputError(`${name} needs parentheses: ${name}(...).`);
    this.position += 1;

    const values = [this.parse(0)];
    while (this.peek()?.type === 'comma') {
      this.position += 1;
      values.push(this.parse(0));
    }
    this.expect('close', `")" to close ${name}(`);

    if (values.length < math.minArguments || values.length > math.maxArguments) {
      const wanted =
        math.minArguments === math.maxArguments
          ? String(math.minArguments)
          : `${math.minArguments} to ${math.maxArguments === Infinity ? 'any' : math.maxArguments}`;
      throw new InvalidInputError(`${name} takes ${wanted} argument(s), got ${values.length}.`);
    }
    return math.apply(values);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(wanted: string): Token {
    const token = this.tokens[this.position];
    if (!token) throw new InvalidInputError(`The expression ends early: expected ${wanted}.`);
    this.position += 1;
    return token;
  }

  private expect(type: Token['type'], wanted: string): void {
    const token = this.next(wanted);
    if (token.type !== type) {
      throw new InvalidInputError(
        `Expected ${wanted} but found "${token.text}" at position ${token.at + 1}.`,
      );
    }
  }
}

function applyOperator(operator: string, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      if (right === 0) fail('Division by zero.');
      return left / right;
    case '%':
      if (right === 0) fail('Division by zero (remainder of x % 0).');
      return left % right;
    case '^':
      return power(left, right);
    default:
      return fail(`Unknown operator "${operator}".`);
  }
}

function power(base: number, exponent: number): number {
  if (base === 0 && exponent < 0) fail('Division by zero (0 to a negative power).');
  const value = base ** exponent;
  if (Number.isNaN(value)) fail('A negative number to a fractional power is not real.');
  return value;
}

function logarithm(values: number[]): number {
  const [x = Number.NaN, base = 10] = values;
  if (x <= 0) fail('log needs a positive number.');
  if (base <= 0 || base === 1) fail('The base of log must be positive and not 1.');
  return base === 10 ? Math.log10(x) : Math.log(x) / Math.log(base);
}

function roundTo(values: number[]): number {
  const [x = Number.NaN, digits = 0] = values;
  if (!Number.isInteger(digits) || digits < 0 || digits > 15) {
    fail('The digits of round(x, digits) must be a whole number from 0 to 15.');
  }
  const scale = 10 ** digits;

  // Rounds half away from zero, as people expect: round(-2.5) is -3.
  return (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale;
}

function unary(apply: (x: number) => number): MathFunction {
  return { minArguments: 1, maxArguments: 1, apply: (values) => apply(values[0] ?? Number.NaN) };
}

function fail(message: string): never {
  throw new InvalidInputError(message);
}
