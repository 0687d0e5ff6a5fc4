import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/core/errors.js';
import { jsonErrorOffset } from '../../src/eval/datasets/json-error-offset.js';
import { loadLogicLm, parseLogicLm } from '../../src/eval/datasets/logic-lm.js';

const RECORDS = [
  {
    id: 'ProntoQA_1',
    context: 'Every wumpus is a yumpus. Yumpuses are not bright. Max is a wumpus.',
    question: 'Is the following statement true or false? Max is bright.',
    options: ['A) True', 'B) False'],
    answer: 'B',
    explanation: [
      'Max is a wumpus.',
      'Every wumpus is a yumpus.',
      'Max is a yumpus.',
      'Yumpuses are not bright.',
      'Max is not bright.',
    ],
  },
  {
    id: 'ProntoQA_2',
    context: 'Zumpuses are hot. Sally is a zumpus.',
    question: 'Is the following statement true or false? Sally is hot.',
    options: ['A) True', 'B) False'],
    answer: 'a',
  },
];

let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'stepwise-logic-lm-'));
  await mkdir(join(folder, 'prontoqa'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function fixture(name: string, text: string): Promise<string> {
  const file = join(folder, name);
  await writeFile(file, text);
  return file;
}

async function failure(name: string, text: string): Promise<DatasetError> {
  const file = await fixture(name, text);
  try {
    loadLogicLm(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error(`${name} loaded without an error.`);
}

/** Pretty JSON of records with one record replaced, as releases are written. */
function withRecord(index: number, record: unknown): string {
  const records: unknown[] = [...RECORDS, RECORDS[0]];
  records[index] = record;
  return JSON.stringify(records, null, 2);
}

/** The 1-based line of the second record of pretty JSON, counted by hand. */
function secondRecordLine(text: string): number {
  const opening = text.split('\n').flatMap((line, index) => (line === '  {' ? [index + 1] : []));
  return opening[1] ?? -1;
}

describe('loadLogicLm', () => {
  it('reads records into letter items', async () => {
    const file = await fixture('prontoqa/dev.json', JSON.stringify(RECORDS, null, 2));
    const items = loadLogicLm(file);
    expect(items).toEqual([
      {
        id: 'ProntoQA_1',
        question: 'Is the following statement true or false? Max is bright.',
        context: 'Every wumpus is a yumpus. Yumpuses are not bright. Max is a wumpus.',
        options: ['A) True', 'B) False'],
        answer: 'B',
        format: 'letter',
        category: 'deductive',
        suite: 'data/prontoqa',
        difficulty: { hops: 2 },
        goldReasoning: RECORDS[0]?.explanation,
      },
      {
        id: 'ProntoQA_2',
        question: 'Is the following statement true or false? Sally is hot.',
        context: 'Zumpuses are hot. Sally is a zumpus.',
        options: ['A) True', 'B) False'],
        answer: 'A',
        format: 'letter',
        category: 'deductive',
        suite: 'data/prontoqa',
        difficulty: {},
        goldReasoning: null,
      },
    ]);
  });

  it('infers the suite from the file name, or takes it from options', async () => {
    const text = JSON.stringify(RECORDS);
    const other = await fixture('my-set.json', text);
    expect(loadLogicLm(other)[0]?.suite).toBe('data/my-set');
    expect(loadLogicLm(other, { suite: 'mine/x', category: 'logic' })[0]).toMatchObject({
      suite: 'mine/x',
      category: 'logic',
    });
    const folio = parseLogicLm(text, { file: '/data/FOLIO_dev.json' });
    expect(folio[0]?.suite).toBe('data/folio');
    const deduction = parseLogicLm(text, { file: 'logical_deduction/dev.json' });
    expect(deduction[0]?.suite).toBe('data/logical-deduction');
  });

  it('reports a file that cannot be read', () => {
    expect(() => loadLogicLm(join(folder, 'missing.json'))).toThrow(DatasetError);
    expect(() => loadLogicLm(join(folder, 'missing.json'))).toThrow(/missing\.json/);
  });

  it('reports bad JSON with its line', async () => {
    const error = await failure('bad.json', '[\n  {"id": "x",\n   "context": }\n]');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/bad\.json:3: not valid JSON/);
  });

  it('reports a file that is not an array', async () => {
    const error = await failure('object.json', '{"data": []}');
    expect(error.line).toBe(1);
    expect(error.message).toContain('expected a JSON array');
  });

  it('names the record line and the field of a missing field', async () => {
    const { question: _question, ...noQuestion } = RECORDS[1] ?? {};
    const text = withRecord(1, noQuestion);
    const line = secondRecordLine(text);
    expect(line).toBe(19);
    const error = await failure('missing-field.json', text);
    expect(error).toMatchObject({ line, field: 'question', code: 'dataset-invalid' });
    expect(error.message).toContain(
      `missing-field.json:${line}: record at index 1 field "question" is missing`,
    );
    expect(error.message).toContain('Each record needs');
  });

  it.each([
    ['a wrong type', { ...RECORDS[1], options: 'A) True' }, 'options', /is invalid/],
    ['a wrong element type', { ...RECORDS[1], options: ['A) True', 7] }, 'options[1]', /invalid/],
    ['a bad explanation', { ...RECORDS[1], explanation: [1] }, 'explanation[0]', /invalid/],
    ['an answer outside the options', { ...RECORDS[1], answer: 'E' }, 'answer', /not one of/],
    [
      'an unlabelled option',
      { ...RECORDS[1], options: ['True', 'B) False'] },
      'options[0]',
      /label/,
    ],
    ['a repeated id', { ...RECORDS[1], id: 'ProntoQA_1' }, 'id', /repeats the id/],
  ])('reports %s', async (_name, record, field, problem) => {
    const text = withRecord(1, record);
    const error = await failure(`case-${field}.json`, text);
    expect(error.field).toBe(field);
    expect(error.line).toBe(secondRecordLine(text));
    expect(error.message).toContain(`case-${field}.json:${secondRecordLine(text)}:`);
    expect(error.message).toMatch(problem);
  });

  it('reports a record that is not an object', async () => {
    const error = await failure('number.json', '[\n  1\n]');
    expect(error).toMatchObject({ line: 2, field: undefined });
    expect(error.message).toContain('not an object');
  });

  it('counts lines of compact files and strings with brackets', () => {
    const tricky = { ...RECORDS[1], context: 'A "quoted" [bracket] {brace}\\' };
    const broken = { ...tricky, id: 'y', answer: 'Z' };
    const text = `[${JSON.stringify(tricky)},\n${JSON.stringify(broken)}]`;
    expect(() => parseLogicLm(text, { file: 'compact.json' })).toThrow(
      /compact\.json:2: record at index 1/,
    );
  });

  it('finds where invalid JSON goes wrong, and accepts valid JSON', () => {
    const cases = [
      '[1, 2]',
      '{"a": [true, false, null], "b": "x\\u00e9\\n"}',
      ' -0.5e+3 ',
      '[1, 2',
      '[1,]',
      '{"a" 1}',
      '"tab\there"',
      '[01]',
      'nul',
      '{"a": "\\x"}',
      '[] []',
    ];
    for (const text of cases) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(text) === null, text).toBe(valid);
    }
    expect(jsonErrorOffset('[\n1,\n  }')).toBe(7);
  });
});
