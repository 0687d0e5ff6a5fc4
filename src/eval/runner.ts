import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Backend } from '../core/backend.js';
import { InvalidInputError } from '../core/errors.js';
import type { Budget, Reasoner } from '../core/reasoner.js';
import { solve } from '../core/run.js';
import type { Trace } from '../core/trace.js';
import { deriveSeed, stableStringify } from '../util/hash.js';
import type { EvalItem } from './item.js';
import { type ItemResult, ResultWriter, readResults, rewriteResults } from './results.js';
import { scoreAnswer } from './scorer.js';
import { type Summary, summarize } from './summary.js';

export type EvalEvent =
  | { type: 'eval-start'; total: number; skipped: number }
  | { type: 'item-end'; result: ItemResult; done: number; total: number };

export interface EvalOptions {
  items: EvalItem[];
  reasoner: Reasoner;
  backend: Backend;
  /** Output folder for results.jsonl, summary.json and manifest.json. */
  outDir: string;
  /** Items run at once. Default: 4. */
  concurrency?: number;
  /** Run seed; each item's seed derives from it and the item id. Default: 0. */
  seed?: number;
  /** Skip items already in results.jsonl (errored items run again). Default: false. */
  resume?: boolean;
  temperature?: number;
  maxTokens?: number;
  budget?: Budget;
  /** What identifies the run; a resume must match it. Written to manifest.json. */
  manifest?: Record<string, unknown>;
  /** Store each item's full trace in its result line. Default: true. */
  traces?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
}

export interface EvalOutcome {
  summary: Summary;
  results: ItemResult[];
}

/**
 * Runs a reasoner over items with bounded concurrency, writing one JSON
 * line per item as it finishes. Results do not depend on concurrency:
 * each item's seed comes from the run seed and the item's id.
 */
export async function runEval(options: EvalOptions): Promise<EvalOutcome> {
  const resultsFile = join(options.outDir, 'results.jsonl');
  await mkdir(options.outDir, { recursive: true });
  const manifest = { ...options.manifest, seed: options.seed ?? 0 };
  const finished = await prepareOutput(options, resultsFile, manifest);

  const done = new Set(finished.map((result) => result.id));
  const pending = options.items.filter((item) => !done.has(item.id));
  options.onEvent?.({ type: 'eval-start', total: options.items.length, skipped: done.size });

  const writer = new ResultWriter(resultsFile);
  const limit = pLimit(options.concurrency ?? 4);
  const results = [...finished];
  await Promise.all(
    pending.map((item) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const result = await evaluateItem(item, options);

        // An item cut short by cancellation is not finished; a resume runs it.
        if (result.stopReason === 'aborted') return;
        await writer.write(result);
        results.push(result);
        options.onEvent?.({
          type: 'item-end',
          result,
          done: results.length,
          total: options.items.length,
        });
      }),
    ),
  );
  await writer.flush();

  // The summary covers exactly the requested items, in their own order.
  const byId = new Map(results.map((result) => [result.id, result]));
  const ordered = options.items.flatMap((item) => byId.get(item.id) ?? []);
  const summary = summarize(ordered);
  await writeFile(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, results: ordered };
}

async function prepareOutput(
  options: EvalOptions,
  resultsFile: string,
  manifest: Record<string, unknown>,
): Promise<ItemResult[]> {
  const manifestFile = join(options.outDir, 'manifest.json');
  const { results } = await readResults(resultsFile);
  if (!options.resume && existsSync(resultsFile)) {
    throw new InvalidInputError(
      `${options.outDir} already holds results; pass --resume to continue that run, or choose another --out.`,
    );
  }

  if (options.resume && existsSync(manifestFile)) {
    const previous = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    const changed = Object.keys(manifest).filter(
      (key) =>
        !VOLATILE_KEYS.has(key) &&
        stableStringify(previous[key]) !== stableStringify(manifest[key]),
    );
    if (changed.length > 0) {
      throw new InvalidInputError(
        `Cannot resume ${options.outDir}: ${changed.join(', ')} differ from the earlier run; use the same settings or another --out.`,
      );
    }
  }
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

  // Keep finished items; torn lines and errored items are dropped so they run again.
  const kept = results.filter((result) => result.error === null && result.stopReason !== 'aborted');
  if (options.resume) await rewriteResults(resultsFile, dedupe(kept));
  return dedupe(kept);
}

/** Manifest fields that may change between a run and its resume. */
const VOLATILE_KEYS = new Set(['createdAt', 'concurrency', 'limit', 'gitCommit']);

function dedupe(results: ItemResult[]): ItemResult[] {
  return [...new Map(results.map((result) => [result.id, result])).values()];
}

async function evaluateItem(item: EvalItem, options: EvalOptions): Promise<ItemResult> {
  const base = {
    id: item.id,
    suite: item.suite,
    category: item.category,
    difficulty: item.difficulty,
    gold: item.answer,
  };
  let trace: Trace;
  try {
    trace = await solve(
      options.reasoner,
      {
        question: item.question,
        context: item.context,
        format: item.format,
        options: item.options,
        gold: item.answer,
      },
      {
        backend: options.backend,
        seed: deriveSeed(options.seed ?? 0, item.id),
        ...(options.temperature !== undefined && { temperature: options.temperature }),
        ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
        ...(options.budget && { budget: options.budget }),
        ...(options.signal && { signal: options.signal }),
      },
    );
  } catch (caught) {
    // A failure outside the reasoner (e.g. an invalid task) is this item's failure only.
    return {
      ...base,
      answer: null,
      correct: false,
      method: null,
      stopReason: 'error',
      error: {
        code: 'internal',
        message: caught instanceof Error ? caught.message : String(caught),
      },
      calls: 0,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      latencyMs: 0,
      trace: null,
    };
  }

  const { result } = trace;
  const answerStep = trace.steps.findLast((step) => step.type === 'answer');
  return {
    ...base,
    answer: result.answer,
    correct: result.error === null && scoreAnswer(result.answer, item.answer, item.format),
    method: answerStep?.type === 'answer' ? answerStep.method : null,
    stopReason: result.stopReason,
    error: result.error,
    calls: result.calls,
    usage: result.usage,
    latencyMs: result.latencyMs,
    trace: options.traces === false ? null : trace,
  };
}
