import { applyOperator, type Operator, parseRational, type Rational } from './rational.js';

export type ArithmeticResult =
  | {
      ok: true;
      /** The exact value of the expression. */
      value: Rational;
      /** The number literals, in the order they appear. */
      numbers: Rational[];
    }
  | { ok: false; reason: string };

/** Longer input is refused rather than parsed: no puzzle needs it. */
const MAX_LENGTH = 500;
const MAX_NESTING = 50;

/** Each way an operator is written, ASCII and typographic. */
export const OPERATOR_SPELLINGS: Readonly<Record<string, Operator>> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '/': '/',
  '÷': '/',
};

type Token =
  | { kind: 'number'; text: string }
  | { kind: 'operator'; operator: Operator }
  | {
      kind: '(' | ')';
    };

/**
 * Parses and evaluates `+ - * /` arithmetic over decimal literals with
 * parentheses, exactly. There is no unary minus (Game of 24 allows none),
 * no variables and no functions, so nothing in the text is ever executed.
 */
export function parseArithmetic(text: string): ArithmeticResult {
  if (text.length > MAX_LENGTH) return { ok: false, reason: 'The expression is too long.' };
  const tokens = tokenize(text);
  if (!tokens)
    return { ok: false, reason: 'The expression has a character that is not arithmetic.' };
  if (tokens.length === 0) return { ok: false, reason: 'The expression is empty.' };

  const parser = new Parser(tokens);
  const value = parser.expression(0);
  if (!value.ok) return value;
  if (!parser.done())
    return { ok: false, reason: 'The expression has unexpected text at its end.' };
  return { ok: true, value: value.value, numbers: parser.numbers };
}

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  const source = text.trim();
  const pattern = /\s*(?:(\d+(?:\.\d+)?)|([-−+*×/÷])|([()]))/y;
  let position = 0;
  while (position < source.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(source);
    if (!match) return null;
    position = pattern.lastIndex;

    const [, number, operator, bracket] = match;
    if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (operator !== undefined) {
      const spelled = OPERATOR_SPELLINGS[operator];
      if (spelled === undefined) return null;
      tokens.push({ kind: 'operator', operator: spelled });
    } else if (bracket === '(' || bracket === ')') tokens.push({ kind: bracket });
  }
  return tokens;
}

type Value = { ok: true; value: Rational } | { ok: false; reason: string };

/** Recursive descent: expression = term (+|- term)*, term = factor (*|/ factor)*. */
class Parser {
  readonly numbers: Rational[] = [];
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.index === this.tokens.length;
  }

  expression(nesting: number): Value {
    return this.chain(nesting, ['+', '-'], () => this.term(nesting));
  }

  private term(nesting: number): Value {
    return this.chain(nesting, ['*', '/'], () => this.factor(nesting));
  }

  private chain(nesting: number, operators: Operator[], operand: () => Value): Value {
    let left = operand();
    for (;;) {
      if (!left.ok) return left;
      const token = this.tokens[this.index];
      if (token?.kind !== 'operator' || !operators.includes(token.operator)) return left;
      this.index++;

      const right = operand();
      if (!right.ok) return right;
      const value = applyOperator(token.operator, left.value, right.value);
      if (value === null) return { ok: false, reason: 'The expression divides by zero.' };
      left = { ok: true, value };
    }
  }

  private factor(nesting: number): Value {
    const token = this.tokens[this.index];
    this.index++;
    if (token?.kind === 'number') {
      const value = parseRational(token.text);
      if (value === null) return { ok: false, reason: `${token.text} is not a number.` };
      this.numbers.push(value);
      return { ok: true, value };
    }
    if (token?.kind !== '(') {
      return { ok: false, reason: 'A number or an opening parenthesis is missing.' };
    }
    if (nesting >= MAX_NESTING) return { ok: false, reason: 'The parentheses nest too deeply.' };

    const inner = this.expression(nesting + 1);
    if (!inner.ok) return inner;
    if (this.tokens[this.index]?.kind !== ')') {
      return { ok: false, reason: 'A closing parenthesis is missing.' };
    }
    this.index++;
    return inner;
  }
}
