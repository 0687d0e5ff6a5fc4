import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { calculator, evaluateExpression, formatNumber } from '../../src/tools/calculator.js';

const calculate = (expression: string) => calculator.call({ expression }, {});

describe('evaluateExpression', () => {
  it.each([
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['10 - 4 - 3', 3],
    ['48 / 4 / 2', 6],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 10', 1024],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['--3', 3],
    ['-(4 - 6) * 3', 6],
    ['10 % 4 + 1', 3],
    ['.5 + 1.25', 1.75],
    ['2e3 + 1', 2001],
    ['1,000 * 3', 3000],
    ['7 × 6 ÷ 2 − 1', 20],
  ])('%s = %d', (expression, expected) => {
    expect(evaluateExpression(expression)).toBe(expected);
  });

  it.each([
    ['sqrt(16) + abs(-3)', 7],
    ['round(2.5) + round(-2.5)', 0],
    ['round(3.14159, 2)', 3.14],
    ['floor(2.7) + ceil(2.1)', 5],
    ['min(4, 2, 8) + max(1, 9)', 11],
    ['max(1,000)', 1],
    ['log(1000)', 3],
    ['log(8, 2)', 3],
    ['ln(e) + exp(0)', 2],
    ['PI', Math.PI],
  ])('%s = %d', (expression, expected) => {
    expect(evaluateExpression(expression)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['1 / 0', /Division by zero/],
    ['5 % (2 - 2)', /Division by zero/],
    ['', /empty/],
    ['2 +', /ends early/],
    ['2 3', /Expected an operator/],
    ['(1 + 2', /never closed/],
    ['1 + 2)', /Unmatched/],
    ['1,00 + 1', /commas separate function arguments/],
    ['sqrt(-4)', /negative/],
    ['log(0)', /positive/],
    ['min()', /Expected a number/],
    ['sqrt(1, 2)', /takes 1 argument/],
    ['sqrt 4', /needs parentheses/],
    ['foo(2)', /Unknown name "foo"/],
    ['10^400', /not a finite number/],
  ])('rejects %j', (expression, message) => {
    expect(() => evaluateExpression(expression)).toThrow(message);
  });

  it('never evaluates code', () => {
    expect(() => evaluateExpression('process.exit(1)')).toThrow(InvalidInputError);
    expect(() => evaluateExpression('constructor')).toThrow(/Unknown name "constructor"/);
    expect(() => evaluateExpression('__proto__')).toThrow(/Unknown name/);
    expect(() => evaluateExpression('toString(1)')).toThrow(/Unknown name/);
    expect(() => evaluateExpression('(() => 1)()')).toThrow(InvalidInputError);
    expect(() => evaluateExpression('"2" + 2')).toThrow(/Unexpected character/);
  });

  it('rejects runaway nesting and length with a message', () => {
    expect(() => evaluateExpression(`${'('.repeat(300)}1${')'.repeat(300)}`)).toThrow(/nested/);
    expect(() => evaluateExpression('1+'.repeat(1500))).toThrow(/longer than/);
  });
});

describe('formatNumber', () => {
  it('prints results without float noise', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(0.1 * 3 * 10)).toBe('3');
    expect(formatNumber(1 / 3)).toBe('0.333333333333');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(123456789)).toBe('123456789');
  });
});

describe('calculator tool', () => {
  it('returns the formatted number as the observation', async () => {
    expect(await calculate('0.1 + 0.2')).toBe('0.3');
    expect(await calculate('(3 + 4) * 2^3 / sqrt(16)')).toBe('14');
  });

  it('throws a readable error for the reasoner to show', async () => {
    await expect(calculate('1/0')).rejects.toThrow('Division by zero.');
  });
});
