import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import type { Reasoner } from '../../src/core/reasoner.js';
import type { EvalItem } from '../../src/eval/item.js';
import { ItemResult, type SlimResult } from '../../src/eval/results.js';
import { runEval } from '../../src/eval/runner.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';

function items(count: number): EvalItem[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `item-${index + 1}`,
    question: `What is ${index} + 1?`,
    context: null,
    options: null,
    answer: String(index + 1),
    format: 'number',
    category: 'arithmetic',
    suite: 'test/arithmetic',
    difficulty: { size: index % 2 },
    goldReasoning: null,
  }));
}

/** Answers item i correctly when i is odd, wrongly when even. */
function arithmeticBackend() {
  const rules = Array.from({ length: 10 }, (_, index) => ({
    match: `What is ${index} + 1?`,
    reply: `Adding one.\nAnswer: ${index % 2 ? index + 1 : 0}`,
  }));
  return new ScriptedBackend({ script: { rules } });
}

function lines(file: string): ItemResult[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => ItemResult.parse(JSON.parse(line)));
}

const outDir = () => mkdtempSync(join(tmpdir(), 'stepwise-eval-'));

describe('runEval', () => {
  it('writes one line per item, a summary with a Wilson interval, and a manifest', async () => {
    const dir = outDir();
    const { summary } = await runEval({
      items: items(10),
      reasoner: new ChainOfThought(),
      backend: arithmeticBackend(),
      outDir: dir,
      manifest: { suite: 'test' },
    });
    expect(lines(join(dir, 'results.jsonl'))).toHaveLength(10);
    expect(summary).toMatchObject({ n: 10, correct: 5, accuracy: 0.5, noAnswer: 0, errors: 0 });
    expect(summary.ci95[0]).toBeCloseTo(0.2366, 3);
    expect(summary.ci95[1]).toBeCloseTo(0.7634, 3);
    const saved = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(saved.n).toBe(10);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({
      suite: 'test',
      seed: 0,
    });
  });

  it('case 4: killed while writing item 7, then resumed, holds each item exactly once', async () => {
    const dir = outDir();
    await runEval({
      items: items(10),
      reasoner: new ChainOfThought(),
      backend: arithmeticBackend(),
      outDir: dir,
      concurrency: 1,
    });
    const file = join(dir, 'results.jsonl');

    // Simulate the kill: six whole lines, then half of the seventh.
    const whole = readFileSync(file, 'utf8').split('\n');
    const seventh = whole[6] ?? '';
    writeFileSync(file, `${whole.slice(0, 6).join('\n')}\n${seventh.slice(0, seventh.length / 2)}`);

    const backend = arithmeticBackend();
    const { summary } = await runEval({
      items: items(10),
      reasoner: new ChainOfThought(),
      backend,
      outDir: dir,
      resume: true,
    });
    const ids = lines(file).map((result) => result.id);
    expect(ids.sort()).toEqual(
      items(10)
        .map((item) => item.id)
        .sort(),
    );
    expect(backend.requests).toHaveLength(4);
    expect(summary.n).toBe(10);
    expect(summary.correct).toBe(5);
  });

  it('refuses to overwrite results without --resume, and to resume with other settings', async () => {
    const dir = outDir();
    const base = { items: items(2), reasoner: new ChainOfThought(), outDir: dir };
    await runEval({ ...base, backend: arithmeticBackend(), manifest: { reasoner: 'cot' } });
    await expect(runEval({ ...base, backend: arithmeticBackend() })).rejects.toThrow(/--resume/);
    await expect(
      runEval({
        ...base,
        backend: arithmeticBackend(),
        resume: true,
        manifest: { reasoner: 'direct' },
      }),
    ).rejects.toThrow(/settings differ from the earlier run \(reasoner\)/);
  });

  it('records a failing item as an error and carries on', async () => {
    const dir = outDir();
    const flaky: Reasoner = {
      name: 'flaky',
      async run(task) {
        if (task.question.includes('3 + 1')) throw new Error('model fell over');
        return { answer: '0' };
      },
    };
    const { summary, results } = await runEval({
      items: items(5),
      reasoner: flaky,
      backend: arithmeticBackend(),
      outDir: dir,
    });
    expect(summary).toMatchObject({ n: 5, errors: 1 });
    const failed = results.find((result) => result.id === 'item-4');
    expect(failed).toMatchObject({ correct: false, error: { message: 'model fell over' } });
  });

  it('gives identical results whatever the concurrency', async () => {
    const seeds = async (concurrency: number) => {
      const backend = arithmeticBackend();
      const { results } = await runEval({
        items: items(10),
        reasoner: new ChainOfThought(),
        backend,
        outDir: outDir(),
        concurrency,
        seed: 5,
      });
      const strip = (result: SlimResult) => ({ ...result, latencyMs: 0 });
      return results.map(strip);
    };
    expect(await seeds(1)).toEqual(await seeds(8));
  });

  it('--epochs runs every item N times and reports the mean and standard error', async () => {
    const backend = new ScriptedBackend({
      script: { rules: [], default: 'Answer: 1' },
    });
    const { summary, results } = await runEval({
      items: items(4),
      reasoner: new ChainOfThought(),
      backend,
      outDir: outDir(),
      epochs: 3,
    });
    expect(results).toHaveLength(12);
    expect(new Set(results.map((result) => result.epoch))).toEqual(new Set([0, 1, 2]));
    // Only item-1 (gold 1) is right, in every epoch.
    expect(summary.epochs).toEqual({
      count: 3,
      accuracies: [0.25, 0.25, 0.25],
      mean: 0.25,
      standardError: 0,
    });
    const seeds = new Set(backend.requests.map((request) => request.seed));
    expect(seeds.size).toBe(12);
  });

  it('--shard i/n runs a disjoint part, and the shards together cover every item', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(async (index) => {
        const { results } = await runEval({
          items: items(10),
          reasoner: new ChainOfThought(),
          backend: arithmeticBackend(),
          outDir: outDir(),
          shard: { index, count: 3 },
        });
        return results.map((result) => result.id);
      }),
    );
    expect(ids.map((part) => part.length)).toEqual([4, 3, 3]);
    expect(ids.flat().sort()).toEqual(
      items(10)
        .map((item) => item.id)
        .sort(),
    );
  });

  it('streams items from a generator without needing an array', async () => {
    function* generated() {
      yield* items(3);
    }
    const { summary } = await runEval({
      items: generated(),
      reasoner: new ChainOfThought(),
      backend: arithmeticBackend(),
      outDir: outDir(),
    });
    expect(summary.n).toBe(3);
  });

  it('refuses items that share an id before running any (the second would be scored as the first)', async () => {
    const out = outDir();
    const twice = [...items(2), { ...items(2)[1]!, question: 'What is 5 + 1?', answer: '6' }];
    const backend = arithmeticBackend();
    await expect(
      runEval({ items: twice, reasoner: new ChainOfThought(), backend, outDir: out }),
    ).rejects.toThrow('Eval items 2 and 3 share the id "item-2"; ids must be unique');
    expect(backend.requests).toHaveLength(0);
  });

  it('refuses an invalid item, naming it and its field, before running any', async () => {
    const bad = [...items(2), { ...items(3)[2]!, format: 'bool' }] as EvalItem[];
    const backend = arithmeticBackend();
    await expect(
      runEval({ items: bad, reasoner: new ChainOfThought(), backend, outDir: outDir() }),
    ).rejects.toThrow(/^Eval item 3 \(item-3\) is not valid: format: /);
    await expect(
      runEval({ items: [{}] as never, reasoner: new ChainOfThought(), backend, outDir: outDir() }),
    ).rejects.toThrow(/^Eval item 1 is not valid: id: /);
    expect(backend.requests).toHaveLength(0);
  });

  it('stops at a streamed item that repeats an id, keeping the lines written before it', async () => {
    function* generated() {
      yield* items(3);
      yield items(1)[0]!;
    }
    const out = outDir();
    await expect(
      runEval({
        items: generated(),
        reasoner: new ChainOfThought(),
        backend: arithmeticBackend(),
        outDir: out,
        concurrency: 2,
      }),
    ).rejects.toThrow('Eval items 1 and 4 share the id "item-1"');
    expect(
      lines(join(out, 'results.jsonl'))
        .map((result) => result.id)
        .sort(),
    ).toEqual(['item-1', 'item-2', 'item-3']);
  });

  it.each([
    [{ concurrency: 0 }, 'runEval option concurrency must be a whole number >= 1, not 0.'],
    [{ epochs: 0 }, 'runEval option epochs must be a whole number >= 1, not 0.'],
    [{ shard: { index: 0, count: 2 } }, 'runEval shard index counts from 1 to count (2), not 0.'],
    [{ shard: { index: 3, count: 2 } }, 'runEval shard index counts from 1 to count (2), not 3.'],
    [{ shard: { index: 1, count: 0 } }, 'runEval option shard must be { index, count }'],
    [{ seed: 1.5 }, 'runEval option seed must be a whole number, not 1.5.'],
    [{ outDir: '' }, 'runEval needs outDir'],
    [{ items: undefined }, 'runEval needs items: an array or other iterable of EvalItems'],
    [{ backend: 'openai:gpt' }, 'runEval needs a backend'],
    [{ reasoner: new ChainOfThought(), concurency: 2 }, 'runEval has no option concurency;'],
  ])('refuses %j with an error that says what it takes', async (bad, message) => {
    const options = {
      items: items(2),
      reasoner: new ChainOfThought(),
      backend: arithmeticBackend(),
      outDir: outDir(),
      ...bad,
    };
    await expect(runEval(options as never)).rejects.toThrow(message);
  });
});

describe('summaries over epochs', () => {
  it('counts items, not (item, epoch) results, in the Wilson interval', async () => {
    const one = await runEval({
      items: items(4),
      reasoner: new ChainOfThought(),
      backend: new ScriptedBackend({ script: { rules: [], default: 'Answer: 1' } }),
      outDir: outDir(),
    });
    const three = await runEval({
      items: items(4),
      reasoner: new ChainOfThought(),
      backend: new ScriptedBackend({ script: { rules: [], default: 'Answer: 1' } }),
      outDir: outDir(),
      epochs: 3,
    });
    // The same answers three times over are no more evidence than once.
    expect(three.summary.n).toBe(12);
    expect(three.summary.accuracy).toBe(0.25);
    expect(three.summary.ci95).toEqual(one.summary.ci95);
  });
});

describe('runEval when a worker fails', () => {
  it('stops the other workers from taking more items, then rejects', async () => {
    const backend = arithmeticBackend();
    const run = runEval({
      items: items(10),
      reasoner: new ChainOfThought(),
      backend,
      outDir: outDir(),
      concurrency: 2,
      onEvent: (event) => {
        if (event.type === 'item-end' && event.result.id === 'item-1') {
          throw new Error('progress sink failed');
        }
      },
    });
    await expect(run).rejects.toThrow('progress sink failed');
    // item-1 and the one item the other worker held; not the other eight.
    expect(backend.requests.length).toBeLessThanOrEqual(3);
  });
});
