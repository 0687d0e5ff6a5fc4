import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/errors.js';
import { makeUsage } from '../../src/core/usage.js';
import {
  DEFAULT_PRICES,
  costOf,
  costSummary,
  loadPrices,
  modelOfBackend,
  priceOf,
} from '../../src/eval/cost.js';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-cost-'));

describe('costOf', () => {
  it('bills prompt and completion tokens per million', () => {
    // gpt-4o-mini: $0.15 per 1M prompt tokens, $0.60 per 1M completion tokens.
    expect(costOf(makeUsage(1_000_000, 1_000_000), 'gpt-4o-mini')).toBeCloseTo(0.75, 12);
    expect(costOf(makeUsage(2000, 500), 'gpt-4o')).toBeCloseTo(0.01, 12);
  });

  it('is zero for local and scripted backends and null for unknown models', () => {
    expect(costOf(makeUsage(5000, 5000), 'local')).toBe(0);
    expect(costOf(makeUsage(5000, 5000), 'scripted')).toBe(0);
    expect(costOf(makeUsage(5000, 5000), 'llama3:8b')).toBeNull();
  });

  it('bills a dated snapshot as its model, and the longest matching name wins', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual(DEFAULT_PRICES['gpt-4o-mini']);
    expect(priceOf('gpt-4o-2024-08-06')).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(priceOf('gpt-4omni')).toBeNull();
  });

  it('uses a given price table', () => {
    const prices = { mine: { prompt: 1, completion: 2 } };
    expect(costOf(makeUsage(1_000_000, 500_000), 'mine', { prices })).toBe(2);
    expect(costOf(makeUsage(1, 1), 'gpt-4o', { prices })).toBeNull();
  });
});

describe('modelOfBackend', () => {
  it('reads the model from a backend spec', () => {
    expect(modelOfBackend('openai:gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(modelOfBackend('openai:llama3:8b')).toBe('llama3:8b');
    expect(modelOfBackend('local')).toBe('local');
    expect(modelOfBackend('local:onnx-community/Qwen2.5-0.5B')).toBe('local');
    expect(modelOfBackend('scripted:replies.json')).toBe('scripted');
  });
});

describe('loadPrices', () => {
  it('lays a price file over the defaults', async () => {
    const file = join(dir, 'prices.json');
    writeFileSync(
      file,
      JSON.stringify({ 'gpt-4o': { prompt: 1, completion: 1 }, new: { prompt: 3, completion: 4 } }),
    );
    const prices = await loadPrices(file);
    expect(prices['gpt-4o']).toEqual({ prompt: 1, completion: 1 });
    expect(prices.new).toEqual({ prompt: 3, completion: 4 });
    expect(prices['gpt-4o-mini']).toEqual(DEFAULT_PRICES['gpt-4o-mini']);
  });

  it('rejects a missing, torn or ill-shaped file with one clear message', async () => {
    const torn = join(dir, 'torn.json');
    writeFileSync(torn, '{"gpt-4o": {"prompt": 1,');
    const negative = join(dir, 'negative.json');
    writeFileSync(negative, JSON.stringify({ 'gpt-4o': { prompt: -1, completion: 1 } }));

    await expect(loadPrices(join(dir, 'none.json'))).rejects.toThrow(InvalidInputError);
    await expect(loadPrices(torn)).rejects.toThrow(/Cannot read the price file/);
    await expect(loadPrices(negative)).rejects.toThrow(/invalid at gpt-4o\.prompt/);
  });
});

describe('costSummary', () => {
  const results = [
    { correct: true, calls: 2, usage: makeUsage(600_000, 400_000), latencyMs: 100 },
    { correct: false, calls: 4, usage: makeUsage(600_000, 400_000), latencyMs: 300 },
  ];

  it('gives totals, means per item and per correct answer', () => {
    const cost = costSummary(results, 'gpt-4o-mini');
    // Each item: 0.6 * 0.15 + 0.4 * 0.6 = 0.33 USD.
    expect(cost.total.usd).toBeCloseTo(0.66, 12);
    expect(cost.perItem).toMatchObject({ calls: 3, tokens: 1_000_000, latencyMs: 200 });
    expect(cost.perItem.usd).toBeCloseTo(0.33, 12);
    expect(cost.perCorrect).toMatchObject({ calls: 6, tokens: 2_000_000, latencyMs: 400 });
    expect(cost.perCorrect?.usd).toBeCloseTo(0.66, 12);
  });

  it('has no per-correct figures without a correct answer, and null money without a price', () => {
    const wrong = results.map((result) => ({ ...result, correct: false }));
    expect(costSummary(wrong, 'gpt-4o').perCorrect).toBeNull();
    const unknown = costSummary(results, 'mystery');
    expect(unknown.perItem.usd).toBeNull();
    expect(unknown.perItem.calls).toBe(3);
    expect(costSummary([], 'local').perItem).toEqual({ calls: 0, tokens: 0, latencyMs: 0, usd: 0 });
  });
});
