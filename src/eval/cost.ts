import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import type { Usage } from '../core/usage.js';

/** USD per one million tokens, for prompt and completion tokens. */
export const ModelPrice = z.object({
  prompt: z.number().nonnegative(),
  completion: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** Prices by model name, e.g. `{ "gpt-4o-mini": { "prompt": 0.15, "completion": 0.6 } }`. */
export const PriceTable = z.record(z.string().min(1), ModelPrice);
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * List prices of a few OpenAI models when this table was written (USD per
 * 1M tokens); they change, so pass a price file for figures you rely on.
 * Local and scripted backends cost nothing.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { prompt: 2.5, completion: 10 },
  'gpt-4o-mini': { prompt: 0.15, completion: 0.6 },
  'gpt-4.1': { prompt: 2, completion: 8 },
  'gpt-4.1-mini': { prompt: 0.4, completion: 1.6 },
  'gpt-4.1-nano': { prompt: 0.1, completion: 0.4 },
  'o3-mini': { prompt: 1.1, completion: 4.4 },
  'o4-mini': { prompt: 1.1, completion: 4.4 },
  'gpt-3.5-turbo': { prompt: 0.5, completion: 1.5 },
  local: { prompt: 0, completion: 0 },
  scripted: { prompt: 0, completion: 0 },
};

/**
 * Reads a JSON price file and lays it over the defaults, so a file need
 * only name the models it adds or corrects.
 */
export async function loadPrices(file: string): Promise<PriceTable> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidInputError(`Cannot read the price file ${file}: ${reason}`, { cause });
  }

  const parsed = PriceTable.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new InvalidInputError(
      `The price file ${file} is invalid${where}: ${issue?.message ?? 'unknown problem'}; ` +
        'expected {"model": {"prompt": USD per 1M, "completion": USD per 1M}}.',
    );
  }
  return { ...DEFAULT_PRICES, ...parsed.data };
}

/**
 * The model a backend spec bills as: `openai:gpt-4o-mini` is `gpt-4o-mini`;
 * every local or scripted spec is `local` or `scripted`.
 */
export function modelOfBackend(spec: string): string {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  if (kind === 'openai') return spec.slice(colon + 1);
  return kind;
}

/**
 * A model's price: its exact name, else the longest priced name it extends
 * with a dash, so `gpt-4o-mini-2024-07-18` is billed as `gpt-4o-mini`.
 */
export function priceOf(model: string, prices: PriceTable = DEFAULT_PRICES): ModelPrice | null {
  const exact = prices[model];
  if (exact) return exact;
  const prefixes = Object.keys(prices)
    .filter((name) => model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length);
  return prefixes[0] === undefined ? null : (prices[prefixes[0]] ?? null);
}

export interface CostOptions {
  /** Prices to bill by. Default: DEFAULT_PRICES. */
  prices?: PriceTable;
}

/** USD spent on this usage, or null when the model has no price. */
export function costOf(usage: Usage, model: string, options: CostOptions = {}): number | null {
  const price = priceOf(model, options.prices);
  if (!price) return null;
  return (usage.promptTokens * price.prompt + usage.completionTokens * price.completion) / 1e6;
}

/** What cost figures need of an item's outcome; an ItemResult has it. */
export interface Costed {
  correct: boolean;
  calls: number;
  usage: Usage;
  latencyMs: number;
}

export interface CostFigures {
  calls: number;
  tokens: number;
  latencyMs: number;
  /** USD, or null when the model has no price. */
  usd: number | null;
}

export interface CostSummary {
  model: string;
  /** Totals over the run. */
  total: CostFigures;
  /** Totals divided by the number of items. */
  perItem: CostFigures;
  /** Totals divided by the number of correct answers; null when none is correct. */
  perCorrect: CostFigures | null;
}

/**
 * What a run spent in calls, tokens, latency and money, in total, per
 * item and per correct answer: the price of accuracy, not only accuracy.
 */
export function costSummary(
  results: readonly Costed[],
  model: string,
  options: CostOptions = {},
): CostSummary {
  const usage = results.reduce(
    (sum, result) => ({
      promptTokens: sum.promptTokens + result.usage.promptTokens,
      completionTokens: sum.completionTokens + result.usage.completionTokens,
      totalTokens: sum.totalTokens + result.usage.totalTokens,
    }),
    { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  );
  const total: CostFigures = {
    calls: results.reduce((sum, result) => sum + result.calls, 0),
    tokens: usage.totalTokens,
    latencyMs: results.reduce((sum, result) => sum + result.latencyMs, 0),
    usd: costOf(usage, model, options),
  };

  const correct = results.filter((result) => result.correct).length;
  return {
    model,
    total,
    perItem: divide(total, results.length),
    perCorrect: correct ? divide(total, correct) : null,
  };
}

function divide(figures: CostFigures, count: number): CostFigures {
  // An empty run spent nothing per item; zero reads better than NaN.
  const by = count || 1;
  return {
    calls: figures.calls / by,
    tokens: figures.tokens / by,
    latencyMs: figures.latencyMs / by,
    usd: figures.usd === null ? null : figures.usd / by,
  };
}
