import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../../src/core/usage.js';
import { type ItemResult, ResultWriter } from '../../src/eval/results.js';

function result(id: string): ItemResult {
  return {
    id,
    epoch: 0,
    suite: 'test',
    category: 'test',
    difficulty: {},
    answer: 'A',
    gold: 'A',
    correct: true,
    method: 'declared',
    scorer: 'choice',
    stopReason: 'answer',
    error: null,
    calls: 1,
    usage: emptyUsage(),
    latencyMs: 1,
    trace: null,
  };
}

describe('ResultWriter', () => {
  it('writes every queued line whole and in queue order, across batches', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stepwise-writer-')), 'results.jsonl');
    const writer = new ResultWriter(file);
    for (let index = 0; index < 50; index++) {
      writer.write(result(`item-${index}`));
      // Let some writes start mid-way, so later lines join a new batch.
      if (index % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await writer.flush();
    const ids = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as ItemResult).id);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, index) => `item-${index}`));
  });

  it('asks the caller to wait only once more than the high-water mark is queued', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stepwise-writer-')), 'results.jsonl');
    const line = `${JSON.stringify(result('item-0'))}\n`;
    const writer = new ResultWriter(file, line.length * 2);
    expect(writer.write(result('item-0'))).toBeUndefined();
    expect(writer.write(result('item-1'))).toBeUndefined();
    const wait = writer.write(result('item-2'));
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    // Waiting means the queued lines are on disk.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    await writer.flush();
  });

  it('reports a failed write at flush and refuses later lines', async () => {
    // A directory where the file should be: opening it for append fails.
    const file = join(mkdtempSync(join(tmpdir(), 'stepwise-writer-')), 'results.jsonl');
    mkdirSync(file);
    const writer = new ResultWriter(file);
    writer.write(result('item-1'));
    await expect(writer.flush()).rejects.toMatchObject({ code: 'EISDIR' });
    expect(() => writer.write(result('item-2'))).toThrow(/EISDIR/);
  });
});

describe('readResults', () => {
  it('refuses a missing file instead of returning no results', async () => {
    const { readResults } = await import('../../src/eval/results.js');
    const missing = join(mkdtempSync(join(tmpdir(), 'stepwise-read-')), 'results.jsonl');
    await expect(readResults(missing)).rejects.toThrow(
      `There is no results file at ${missing}; give the results.jsonl of an eval's --out folder.`,
    );
  });
});
