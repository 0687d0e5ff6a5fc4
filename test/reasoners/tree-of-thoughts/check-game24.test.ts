import { describe, expect, it } from 'vitest';
import { checkGame24 } from '../../../src/reasoners/tree-of-thoughts/check-game24.js';
import { parseArithmetic } from '../../../src/reasoners/tree-of-thoughts/parse-arithmetic.js';
import { formatRational } from '../../../src/reasoners/tree-of-thoughts/rational.js';

describe('checkGame24', () => {
  it('accepts expressions that make 24 from every number once', () => {
    expect(checkGame24('4 5 9 10', '(10 - 4) * (9 - 5)')).toBe(true);
    expect(checkGame24('4 5 6 10', '(5 * 6) - (10 - 4)')).toBe(true);
    expect(checkGame24('4, 5, 6, 10', '5*6-(10-4) = 24')).toBe(true);
    expect(checkGame24('1.5 16', '1.5 × 16')).toBe(true);
  });

  it('is exact where floating point is not', () => {
    expect(checkGame24('3 3 8 8', '8/(3-8/3)')).toBe(true);
    expect(checkGame24('1 5 5 5', '5 * (5 - 1 / 5)')).toBe(true);
  });

  it('rejects a wrong value', () => {
    expect(checkGame24('4 5 6 10', '(5 * 6) - (10 + 4)')).toBe(false);
    expect(checkGame24('4 5 6 10', '4 + 5 + 6 + 10')).toBe(false);
  });

  it('rejects a number reused, missing or not in the puzzle', () => {
    expect(checkGame24('4 5 6 10', '(10 + 10 + 4) * (6 - 5)')).toBe(false);
    expect(checkGame24('4 5 6 10', '4 * 6')).toBe(false);
    expect(checkGame24('4 5 6 10', '(10 - 4) * (9 - 5)')).toBe(false);
    expect(checkGame24('3 3 8 8', '8 / (3 - 8 / 3) * 1')).toBe(false);
  });

  it('rejects what is not plain arithmetic', () => {
    expect(checkGame24('4 5 6 10', '')).toBe(false);
    expect(checkGame24('4 5 6 10', 'process.exit(1)')).toBe(false);
    expect(checkGame24('4 5 6 10', '(5 * 6) - (10 - 4')).toBe(false);
    expect(checkGame24('4 5 6 10', '5 * 6 - (10 - 4) 7')).toBe(false);
    expect(checkGame24('2 4 6 6', '4 * 6 / (6 - 6) + 2')).toBe(false);
    expect(checkGame24('not a puzzle', '4 * 6')).toBe(false);
  });
});

describe('parseArithmetic', () => {
  it('evaluates with precedence and parentheses', () => {
    const parsed = parseArithmetic('2 + 3 * (4 - 1) / 2');
    expect(parsed.ok && formatRational(parsed.value)).toBe('13/2');
    expect(parsed.ok && parsed.numbers.map(formatRational)).toEqual(['2', '3', '4', '1', '2']);
  });

  it('has no unary minus and reports why it fails', () => {
    expect(parseArithmetic('-4 + 28')).toMatchObject({ ok: false });
    expect(parseArithmetic('1 / 0')).toEqual({
      ok: false,
      reason: 'The expression divides by zero.',
    });
    expect(parseArithmetic('('.repeat(60) + '1' + ')'.repeat(60))).toMatchObject({ ok: false });
  });
});
