import { solve } from '../core/run.js';
import type { Trace } from '../core/trace.js';
import { emptyUsage } from '../core/usage.js';
import { deriveSeed } from '../util/hash.js';
import type { EvalItem } from './item.js';
import type { ItemResult } from './results.js';
import type { EvalOptions } from './runner.js';
import { defaultScorer } from './scorers.js';

/** One run of one item: an epoch of it. */
export interface Job {
  item: EvalItem;
  epoch: number;
}

/**
 * Runs the reasoner on one item and scores its answer. Never throws: a
 * failure of the reasoner, the task or the scorer is this item's error.
 */
export async function evaluateItem(
  { item, epoch }: Job,
  options: EvalOptions,
): Promise<ItemResult> {
  const scorer = options.scorer ?? defaultScorer(item.format);
  const base = {
    id: item.id,
    epoch,
    suite: item.suite,
    category: item.category,
    difficulty: item.difficulty,
    gold: item.answer,
    scorer: scorer.name,
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
        // Epoch 0 keeps the seed a single-epoch run would use.
        seed:
          epoch === 0
            ? deriveSeed(options.seed ?? 0, item.id)
            : deriveSeed(options.seed ?? 0, item.id, epoch),
        ...(options.temperature !== undefined && { temperature: options.temperature }),
        ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
        ...(options.budget && { budget: options.budget }),
        ...(options.signal && { signal: options.signal }),
      },
    );
  } catch (caught) {
    // A failure outside the reasoner (e.g. an invalid task) is this item's failure only.
    return failure(base, caught);
  }

  const { result } = trace;
  const answerStep = trace.steps.findLast((step) => step.type === 'answer');
  let correct = false;
  try {
    correct =
      result.error === null &&
      (await scorer.score({
        answer: result.answer,
        item,
        text: answerStep?.type === 'answer' ? answerStep.text : '',
      }));
  } catch (caught) {
    return { ...failure(base, caught), trace: options.traces === false ? null : trace };
  }
  // Spelled out rather than spread from `base`: this runs once per item.
  return {
    id: base.id,
    epoch: base.epoch,
    suite: base.suite,
    category: base.category,
    difficulty: base.difficulty,
    gold: base.gold,
    scorer: base.scorer,
    answer: result.answer,
    correct,
    method: answerStep?.type === 'answer' ? answerStep.method : null,
    stopReason: result.stopReason,
    error: result.error,
    calls: result.calls,
    usage: result.usage,
    latencyMs: result.latencyMs,
    trace: options.traces === false ? null : trace,
  };
}

function failure(
  base: Omit<
    ItemResult,
    | 'answer'
    | 'correct'
    | 'method'
    | 'stopReason'
    | 'error'
    | 'calls'
    | 'usage'
    | 'latencyMs'
    | 'trace'
  >,
  caught: unknown,
): ItemResult {
  const code =
    typeof caught === 'object' && caught !== null && 'code' in caught
      ? String(caught.code)
      : 'internal';
  return {
    ...base,
    answer: null,
    correct: false,
    method: null,
    stopReason: 'error',
    error: { code, message: caught instanceof Error ? caught.message : String(caught) },
    calls: 0,
    usage: emptyUsage(),
    latencyMs: 0,
    trace: null,
  };
}
