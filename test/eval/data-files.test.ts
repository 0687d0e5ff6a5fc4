import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/core/errors.js';
import { loadDataFile } from '../../src/eval/suites.js';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-data-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('loadDataFile', () => {
  it('reads BIG-Bench-Hard JSON and infers the format from the targets', () => {
    const path = file(
      'boolean_expressions.json',
      JSON.stringify({
        examples: [
          { input: 'not True is', target: 'False' },
          { input: 'True and True is', target: 'True' },
        ],
      }),
    );
    const items = loadDataFile(path);
    expect(items.map((item) => [item.id, item.format, item.answer, item.suite])).toEqual([
      ['boolean_expressions-0001', 'truth', 'false', 'data/bbh/boolean_expressions'],
      ['boolean_expressions-0002', 'truth', 'true', 'data/bbh/boolean_expressions'],
    ]);
    const letters = file(
      'date.json',
      JSON.stringify({ examples: [{ input: 'Q (A) x (B) y', target: '(B)' }] }),
    );
    expect(loadDataFile(letters)[0]).toMatchObject({ format: 'letter', answer: 'B' });
  });

  it('reads JSONL with a field mapping', () => {
    const path = file(
      'qa.jsonl',
      [
        JSON.stringify({ uid: 'q1', prompt: 'What is 6*7?', label: '42' }),
        '',
        JSON.stringify({ uid: 'q2', prompt: 'What is 1,000 + 1?', label: '1,001' }),
      ].join('\n'),
    );
    const items = loadDataFile(path, {
      fields: { id: 'uid', question: 'prompt', answer: 'label' },
    });
    expect(items.map((item) => [item.id, item.question, item.answer, item.format])).toEqual([
      ['q1', 'What is 6*7?', '42', 'number'],
      ['q2', 'What is 1,000 + 1?', '1001', 'number'],
    ]);
  });

  it('reads CSV with options split on | and names file, line and field on errors', () => {
    const path = file(
      'mc.csv',
      'question,choices,answer\n"Which is a fruit?","A) apple|B) brick",A\n"Sky colour?","A) green|B) blue",B\n',
    );
    const items = loadDataFile(path, { fields: { options: 'choices' } });
    expect(items[1]).toMatchObject({
      options: ['A) green', 'B) blue'],
      answer: 'B',
      format: 'letter',
    });

    const broken = file('broken.csv', 'question,answer\n"Q1",yes\n"Q2",\n');
    const error = failure(() => loadDataFile(broken));
    expect(error.message).toMatch(/broken\.csv:3: field "answer" is missing/);
    expect(error.message).toContain('--field answer=<column>');
    expect([error.line, error.field]).toEqual([3, 'answer']);
  });

  it('names the line of malformed JSONL and of a missing mapped field', () => {
    const bad = file('bad.jsonl', '{"question": "q", "answer": "a"}\n{not json}\n');
    expect(failure(() => loadDataFile(bad)).message).toMatch(/bad\.jsonl:2: not valid JSON/);
    const unmapped = file('unmapped.jsonl', '{"prompt": "q", "answer": "a"}\n');
    const error = failure(() => loadDataFile(unmapped));
    expect(error.message).toMatch(/unmapped\.jsonl:1: field "question" is missing/);
  });

  it('rejects a BBH file with a bad example, naming it', () => {
    const path = file(
      'bad_bbh.json',
      JSON.stringify({ examples: [{ input: 'x', target: 'y' }, { input: 'z' }] }),
    );
    expect(failure(() => loadDataFile(path)).message).toMatch(/example 1 field "target"/);
  });
});
