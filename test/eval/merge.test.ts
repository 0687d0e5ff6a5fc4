import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import type { EvalItem } from '../../src/eval/item.js';
import { mergeRuns } from '../../src/eval/merge.js';
import { runEval } from '../../src/eval/runner.js';
import { Direct } from '../../src/reasoners/direct.js';

const items: EvalItem[] = Array.from({ length: 8 }, (_, index) => ({
  id: `item-${index + 1}`,
  question: `Is ${index} even?`,
  context: null,
  options: null,
  answer: index % 2 === 0 ? 'yes' : 'no',
  format: 'yes-no',
  category: 'test',
  suite: 'test/parity',
  difficulty: {},
  goldReasoning: null,
}));

const folder = (name: string) => join(mkdtempSync(join(tmpdir(), 'stepwise-merge-')), name);

async function shard(index: number, out: string, stopAfter?: number): Promise<void> {
  const controller = new AbortController();
  let seen = 0;
  await runEval({
    items,
    reasoner: new Direct(),
    backend: new ScriptedBackend({ script: { rules: [], default: 'Answer: yes' } }),
    outDir: out,
    concurrency: 1,
    shard: { index, count: 2 },
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'item-end' && ++seen === stopAfter) controller.abort();
    },
  });
}

describe('mergeRuns', () => {
  it('is complete, expecting every item, when each shard is', async () => {
    const [first, second] = [folder('a'), folder('b')];
    await shard(1, first);
    await shard(2, second);
    const { summary } = await mergeRuns([first, second], folder('merged'));
    expect(summary).toMatchObject({ n: 8, expected: 8, complete: true, correct: 4 });
  });

  it('is not complete when a shard stopped early', async () => {
    const [first, second] = [folder('a'), folder('b')];
    await shard(1, first);
    await shard(2, second, 1);
    const { summary } = await mergeRuns([first, second], folder('merged'));
    expect(summary).toMatchObject({ n: 5, expected: 8, complete: false });
  });
});
