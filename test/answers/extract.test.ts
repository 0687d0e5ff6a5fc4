import { describe, expect, it } from 'vitest';
import { extractAnswer, type Extraction } from '../../src/answers/extract.js';
import { normalizeAnswer } from '../../src/answers/normalize.js';
import type { AnswerFormat } from '../../src/core/reasoner.js';

const TRUE_FALSE = ['A) True', 'B) False'];
const TRUE_FALSE_UNCERTAIN = ['A) True', 'B) False', 'C) Uncertain'];

function letter(text: string, options: string[] | null = null): Extraction {
  return extractAnswer(text, { format: 'letter', options });
}

describe('extractAnswer: required cases', () => {
  it('keeps the content of a box verbatim', () => {
    const text = 'Thus the answer is \\[ \\boxed{\\frac{3}{4}} \\]';
    for (const format of ['text', 'number'] as const) {
      expect(extractAnswer(text, { format })).toEqual({
        answer: '\\frac{3}{4}',
        method: 'boxed',
        span: '\\boxed{\\frac{3}{4}}',
      });
    }
  });

  it('reads the last declaration when the model corrects itself', () => {
    const text = [
      'Answer: A',
      'Let me double-check.',
      'Wait, I misread the second premise.',
      'Redoing the chain, the third premise now applies.',
      'Answer: C',
    ].join('\n');
    expect(letter(text)).toEqual({ answer: 'C', method: 'declared', span: 'Answer: C' });
  });
});

describe('extractAnswer: letters', () => {
  it.each([
    ['(B)', 'B', 'bare'],
    ['**B**', 'B', 'bare'],
    ['B)', 'B', 'bare'],
    ['B', 'B', 'bare'],
    ['b.', 'B', 'bare'],
    ['ANSWER: B', 'B', 'declared'],
    ['The answer is B.', 'B', 'declared'],
    ['Therefore, the answer is (D).', 'D', 'declared'],
    ['**Answer:** C', 'C', 'declared'],
    ['Final Answer: **E**', 'E', 'declared'],
    ['The correct option is [C].', 'C', 'declared'],
    ['Answer: B) False', 'B', 'declared'],
    ['The answer is A because the first rule applies.', 'A', 'declared'],
    ['Reasoning here.\n\n**(B)**', 'B', 'final-line'],
    ['Final answer:\n\n(D)', 'D', 'declared'],
    ['\\boxed{\\text{C}}', 'C', 'boxed'],
  ])('%j is %s (%s)', (text, answer, method) => {
    const extraction = letter(text);
    expect(extraction.answer).toBe(answer);
    expect(extraction.method).toBe(method);
  });

  it('gives spans that are verbatim parts of the reply', () => {
    expect(letter('So, the answer is (B). Done.').span).toBe('the answer is (B). Done.');
    expect(letter('Final answer:\n(D)').span).toBe('Final answer:\n(D)');
    expect(letter('Steps.\n  B  ').span).toBe('B');
  });

  it('never reads the article "A" or the pronoun "I" as a letter', () => {
    expect(letter('A cat is an animal.')).toEqual({ answer: null, method: 'none', span: null });
    expect(letter('All wumpuses are cats.\nA cat is an animal.').answer).toBeNull();
    expect(letter('Answer: A cat is an animal.').answer).toBeNull();
    expect(letter('The answer is a bit unclear.').answer).toBeNull();
    expect(letter('Answer: I think so.').answer).toBeNull();
  });

  it('rejects letters that are not among the options', () => {
    expect(letter('Answer: E', TRUE_FALSE).answer).toBeNull();
    expect(letter('Answer: E').answer).toBe('E');
  });

  it('rejects declarations that name several letters', () => {
    expect(letter('The answer is A or B.').answer).toBeNull();
    expect(letter('The answer is A, B and C.').answer).toBeNull();
  });

  it('maps a stated option text to its letter', () => {
    expect(letter('The answer is False.', TRUE_FALSE)).toEqual({
      answer: 'B',
      method: 'option-text',
      span: 'The answer is False.',
    });
    expect(letter('True', TRUE_FALSE).answer).toBe('A');
    expect(letter('Answer: Unknown', TRUE_FALSE_UNCERTAIN).answer).toBe('C');
    expect(letter('The statement is false.', TRUE_FALSE).answer).toBe('B');
    expect(letter('Answer: false, since no rule gives it.', TRUE_FALSE).answer).toBe('B');
    expect(letter('The answer is true or false.', TRUE_FALSE).answer).toBeNull();
  });

  it('prefers a letter to option text when the reply gives one', () => {
    expect(letter('Answer: (A) False', TRUE_FALSE).answer).toBe('A');
  });
});

describe('extractAnswer: boxes', () => {
  it('lets the last box win, braces nested', () => {
    const text = 'First \\boxed{12}, then \\boxed{\\frac{1}{\\sqrt{2}}} finally.';
    expect(extractAnswer(text, { format: 'text' })).toEqual({
      answer: '\\frac{1}{\\sqrt{2}}',
      method: 'boxed',
      span: '\\boxed{\\frac{1}{\\sqrt{2}}}',
    });
  });

  it('normalises a numeric box', () => {
    expect(extractAnswer('\\boxed{\\$70{,}000}', { format: 'number' }).answer).toBe('70000');
    expect(extractAnswer('\\boxed{ 42 }', { format: 'number' }).answer).toBe('42');
  });

  it('skips a box left open by a cut-off reply', () => {
    expect(extractAnswer('Answer: 7\n\\boxed{8', { format: 'number' }).answer).toBe('7');
  });

  it('lets a later declaration override an earlier box', () => {
    expect(letter('\\boxed{B}\nWait, actually the answer is C.').answer).toBe('C');
    expect(letter('The answer is C.\nSo \\boxed{B}').answer).toBe('B');
  });
});

describe('extractAnswer: numbers', () => {
  it.each([
    ['The total is large.\nFinal answer: $70,000.', '70000'],
    ['The answer is 70,000 dollars.', '70000'],
    ['Answer: -3.50', '-3.5'],
    ['Answer: −3.5', '-3.5'],
    ['The answer is 75%.', '75'],
    ['Answer: 3/4', '3/4'],
    ['0.750', '0.75'],
    ['We get 12 apples.\n12', '12'],
  ])('%j is %s', (text, answer) => {
    expect(extractAnswer(text, { format: 'number' }).answer).toBe(answer);
  });

  it('gives null rather than a guess', () => {
    for (const text of ['So the answer is 5 or 6.', 'We get 12 apples.', 'Answer: 1,2,3']) {
      expect(extractAnswer(text, { format: 'number' }).answer).toBeNull();
    }
  });
});

describe('extractAnswer: truth and yes-no', () => {
  it.each([
    ['The statement is true.', 'true'],
    ['Therefore, the statement is false.', 'false'],
    ['Answer: Unknown', 'unknown'],
    ['Answer: Uncertain.', 'unknown'],
    ['True', 'true'],
    ['**False**', 'false'],
    ['The answer is: True, because every wumpus is a yumpus.', 'true'],
  ])('%j is %s', (text, answer) => {
    expect(extractAnswer(text, { format: 'truth' }).answer).toBe(answer);
  });

  it('does not read a restated question as an answer', () => {
    const text = 'We must decide whether the statement is true or false.';
    expect(extractAnswer(text, { format: 'truth' }).answer).toBeNull();
    expect(extractAnswer('Yes', { format: 'truth' }).answer).toBeNull();
  });

  it('reads yes and no', () => {
    expect(extractAnswer('Answer: Yes.', { format: 'yes-no' }).answer).toBe('yes');
    expect(extractAnswer('The answer is no, because', { format: 'yes-no' }).answer).toBe('no');
    expect(extractAnswer('No', { format: 'yes-no' }).answer).toBe('no');
    expect(extractAnswer('No one knows.', { format: 'yes-no' }).answer).toBeNull();
  });
});

describe('extractAnswer: text', () => {
  it('reads the first sentence of a declaration, lower-cased', () => {
    const text = 'I think the answer is Paris. It is the capital.';
    expect(extractAnswer(text, { format: 'text' }).answer).toBe('paris');
  });

  it('reads only a one-line reply without a declaration', () => {
    expect(extractAnswer('  Paris  ', { format: 'text' })).toEqual({
      answer: 'paris',
      method: 'bare',
      span: 'Paris',
    });
    expect(extractAnswer('Some thinking.\nParis', { format: 'text' }).answer).toBeNull();
  });

  it('gives null for an empty reply', () => {
    for (const format of ['letter', 'truth', 'number', 'text'] as const) {
      expect(extractAnswer(' \n ', { format })).toEqual({
        answer: null,
        method: 'none',
        span: null,
      });
    }
  });
});

describe('normalizeAnswer', () => {
  it.each<[string, AnswerFormat, string | null]>([
    ['(b)', 'letter', 'B'],
    ['Option C', 'letter', 'C'],
    ['B) False', 'letter', 'B'],
    ['A cat', 'letter', null],
    ['AB', 'letter', null],
    ['TRUE.', 'truth', 'true'],
    ['uncertain', 'truth', 'unknown'],
    ['Cannot be determined', 'truth', 'unknown'],
    ['C) Unknown', 'truth', 'unknown'],
    ['yes', 'truth', null],
    ['No!', 'yes-no', 'no'],
    ['maybe', 'yes-no', null],
    ['$70,000.', 'number', '70000'],
    ['+007', 'number', '7'],
    ['.5', 'number', '0.5'],
    ['-0.0', 'number', '0'],
    ['1,000,000.00', 'number', '1000000'],
    ['3 / -4', 'number', '-3/4'],
    ['$5$', 'number', '5'],
    ['1,5', 'number', null],
    ['1e3', 'number', null],
    ['\\frac{3}{4}', 'number', null],
    ['  The  Big\nApple. ', 'text', 'the big apple'],
    ['"Paris"', 'text', 'paris'],
    ['...', 'text', null],
  ])('%j as %s is %j', (value, format, expected) => {
    expect(normalizeAnswer(value, format)).toBe(expected);
  });
});

describe('list answers', () => {
  it('normalises brackets, quotes and separators to one canonical list', () => {
    expect(normalizeAnswer('[3, 5, 7]', 'list')).toBe('3, 5, 7');
    expect(normalizeAnswer('3 5 7', 'list')).toBe('3, 5, 7');
    expect(normalizeAnswer("['Dax', 'wif']", 'list')).toBe('dax, wif');
    expect(normalizeAnswer('[]', 'list')).toBe('[]');
  });

  it('extracts a declared list', () => {
    expect(extractAnswer('The rule doubles.\nAnswer: [4, 6, 8]', { format: 'list' }).answer).toBe(
      '4, 6, 8',
    );
  });
});

describe('corrections, hedges and hidden thinking', () => {
  const letters = { format: 'letter' as const, options: ['A) True', 'B) False'] };

  it('takes the last declaration even on one line', () => {
    expect(extractAnswer('The answer is A. Wait, no. The answer is B.', letters).answer).toBe('B');
    expect(extractAnswer('Answer: A Answer: B', letters).answer).toBe('B');
    expect(
      extractAnswer('I first thought the answer is A, but the answer is B.', letters).answer,
    ).toBe('B');
    expect(
      extractAnswer('The answer is 391. Wait... Actually the answer is 392.', { format: 'number' })
        .answer,
    ).toBe('392');
  });

  it('skips <think> blocks', () => {
    expect(extractAnswer('<think>Answer: A</think>Answer: B', letters).answer).toBe('B');
    expect(
      extractAnswer('<think>The answer is B</think>\nI am not sure.', letters).answer,
    ).toBeNull();
  });

  it('reads no answer from hedges and unfinished expressions', () => {
    expect(extractAnswer('Answer: A) True or B) False', letters).answer).toBeNull();
    for (const reply of [
      'Answer: 1.5e3',
      'Answer: 0.1 + 0.2',
      'Answer: 5 * 3',
      'Answer: 2^10',
      'Answer: 3 apples and 4 pears',
    ]) {
      expect(extractAnswer(reply, { format: 'number' }).answer, reply).toBeNull();
    }
    expect(extractAnswer('Answer: 12 apples.', { format: 'number' }).answer).toBe('12');
    expect(extractAnswer('Answer: -3 degrees', { format: 'number' }).answer).toBe('-3');
  });
});

describe('extractAnswer and normalizeAnswer given bad arguments from code', () => {
  const call = (reply: unknown, options: unknown) => () =>
    extractAnswer(reply as string, options as { format: AnswerFormat });

  it.each([
    [
      call('Answer: 4', { format: 'bool' }),
      /^extractAnswer needs an answer format, one of letter, truth, yes-no, number, text, list; got "bool"\.$/,
    ],
    [call('Answer: 4', undefined), /^extractAnswer needs an answer format, .*; got none\.$/],
    [
      call(undefined, { format: 'number' }),
      /^extractAnswer takes the reply as a string, not undefined\.$/,
    ],
    [
      call('Answer: A', { format: 'letter', options: 'A) x' }),
      /^extractAnswer option options must be an array of strings/,
    ],
    [
      call('Answer: A', { format: 'letter', options: [1] }),
      /^extractAnswer option options must be an array of strings/,
    ],
    [
      () => normalizeAnswer('x', 'bogus' as AnswerFormat),
      /^normalizeAnswer needs an answer format, .*; got "bogus"\.$/,
    ],
    [
      () => normalizeAnswer(5 as unknown as string, 'number'),
      /^normalizeAnswer takes the answer as a string, not number\.$/,
    ],
  ])('case %#: an InvalidInputError that says what to pass', (run, message) => {
    expect(run).toThrow(message);
  });
});
