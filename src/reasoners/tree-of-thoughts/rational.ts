/** An exact fraction in lowest terms; the denominator is always positive. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The fraction numerator/denominator in lowest terms, or null for a zero denominator. */
export function rational(numerator: bigint, denominator = 1n): Rational | null {
  if (denominator === 0n) return null;
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator) || 1n;
  return {
    numerator: (sign * numerator) / divisor,
    denominator: (sign * denominator) / divisor,
  };
}

/**
 * Reads `12`, `-3`, `2.5` or `8/3` exactly; anything else is null. A
 * decimal is read as written, so `0.1` is exactly one tenth.
 */
export function parseRational(text: string): Rational | null {
  const match = /^(-?)(\d+)(?:\.(\d+)|\/(\d+))?$/.exec(text.trim().replace(/−/g, '-'));
  if (!match) return null;
  const [, sign = '', whole = '', decimals, below] = match;
  const negative = sign === '-' ? -1n : 1n;
  if (decimals !== undefined) {
    const scale = 10n ** BigInt(decimals.length);
    return rational(negative * BigInt(whole + decimals), scale);
  }
  return rational(negative * BigInt(whole), below === undefined ? 1n : BigInt(below));
}

/** How many digits follow the decimal point of a decimal literal; 0 otherwise. */
export function decimalPlaces(text: string): number {
  return /\.(\d+)$/.exec(text.trim())?.[1]?.length ?? 0;
}

export type Operator = '+' | '-' | '*' | '/';

/** Applies an operator exactly; dividing by zero gives null. */
export function applyOperator(
  operator: Operator,
  left: Rational,
  right: Rational,
): Rational | null {
  const { numerator: a, denominator: b } = left;
  const { numerator: c, denominator: d } = right;
  switch (operator) {
    case '+':
      return rational(a * d + c * b, b * d);
    case '-':
      return rational(a * d - c * b, b * d);
    case '*':
      return rational(a * c, b * d);
    case '/':
      return rational(a * d, b * c);
  }
}

export function equalRationals(left: Rational, right: Rational): boolean {
  return left.numerator === right.numerator && left.denominator === right.denominator;
}

/** Negative, zero or positive as left is below, equal to or above right. */
export function compareRationals(left: Rational, right: Rational): number {
  const difference = left.numerator * right.denominator - right.numerator * left.denominator;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * Whether a decimal stated to `places` digits is the exact value rounded,
 * i.e. within half a unit of its last digit (`2.67` for 8/3).
 */
export function roundsTo(exact: Rational, stated: Rational, places: number): boolean {
  const difference = applyOperator('-', exact, stated);
  if (difference === null) return false;
  const distance = difference.numerator < 0n ? -difference.numerator : difference.numerator;
  // distance / denominator <= 1 / (2 * 10^places), cross-multiplied.
  return distance * 2n * 10n ** BigInt(places) <= difference.denominator;
}

/** `9`, `-1` or `8/3`. */
export function formatRational(value: Rational): string {
  return value.denominator === 1n
    ? value.numerator.toString()
    : `${value.numerator}/${value.denominator}`;
}

function gcd(left: bigint, right: bigint): bigint {
  let a = left < 0n ? -left : left;
  let b = right < 0n ? -right : right;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
