import type { SlimResult } from './results.js';
import { mean, quantile, wilsonInterval } from './statistics.js';

/** What a summary reads of each result. */
export type SummaryRecord = Pick<
  SlimResult,
  | 'id'
  | 'suite'
  | 'difficulty'
  | 'epoch'
  | 'correct'
  | 'answer'
  | 'error'
  | 'calls'
  | 'usage'
  | 'latencyMs'
>;
type ItemResult = SummaryRecord;

export interface Breakdown {
  n: number;
  correct: number;
  accuracy: number;
  ci95: [number, number];
}

export interface Summary extends Breakdown {
  /** Items where no answer could be extracted (and no error). */
  noAnswer: number;
  /** Items that failed with an error; they count as wrong. */
  errors: number;
  callsPerItem: number;
  tokensPerItem: { prompt: number; completion: number; total: number };
  latencyMs: { mean: number; p50: number; p95: number };
  /** Accuracy per suite, and per value of each difficulty knob (e.g. hops). */
  bySuite: Record<string, Breakdown>;
  byDifficulty: Record<string, Record<string, Breakdown>>;
  /** Results the run asked for, and whether all of them are in (false after an interrupt). */
  expected?: number;
  complete?: boolean;
  /** With several epochs: accuracy per epoch, their mean and its standard error. */
  epochs?: { count: number; accuracies: number[]; mean: number; standardError: number } | null;
}

function epochStatistics(results: ItemResult[]): Summary['epochs'] {
  const groups = groupBy(results, (result) => [String(result.epoch)]);
  if (groups.size < 2) return null;
  const accuracies = [...groups]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, group]) => breakdown(group).accuracy);
  const average = mean(accuracies);
  const variance =
    accuracies.reduce((sum, value) => sum + (value - average) ** 2, 0) / (accuracies.length - 1);
  return {
    count: accuracies.length,
    accuracies,
    mean: average,
    standardError: Math.sqrt(variance / accuracies.length),
  };
}

/**
 * Accuracy over results with a Wilson interval. Repeated epochs of an item
 * are not independent draws, so the interval counts items, each with its
 * mean correctness over epochs, rather than every (item, epoch) result.
 */
function breakdown(results: ItemResult[]): Breakdown {
  const correct = results.filter((result) => result.correct).length;
  const n = results.length;
  const perItem = new Map<string, { correct: number; runs: number }>();
  for (const result of results) {
    const item = perItem.get(result.id) ?? { correct: 0, runs: 0 };
    item.correct += result.correct ? 1 : 0;
    item.runs++;
    perItem.set(result.id, item);
  }
  const items = perItem.size;
  const successes = [...perItem.values()].reduce((sum, item) => sum + item.correct / item.runs, 0);
  return { n, correct, accuracy: n ? correct / n : 0, ci95: wilsonInterval(successes, items) };
}

function groupBy(results: ItemResult[], key: (result: ItemResult) => string[]) {
  const groups = new Map<string, ItemResult[]>();
  for (const result of results) {
    for (const name of key(result)) {
      const group = groups.get(name);
      if (group) group.push(result);
      else groups.set(name, [result]);
    }
  }
  return groups;
}

/** Summarises item results: accuracy with a Wilson 95% interval, costs, breakdowns. */
export function summarize(results: ItemResult[]): Summary {
  const bySuite = Object.fromEntries(
    [...groupBy(results, (result) => [result.suite])].map(([name, group]) => [
      name,
      breakdown(group),
    ]),
  );

  const byDifficulty: Record<string, Record<string, Breakdown>> = {};
  const knobs = groupBy(results, (result) => Object.keys(result.difficulty));
  for (const [knob, group] of knobs) {
    const levels = groupBy(group, (result) => [String(result.difficulty[knob])]);
    byDifficulty[knob] = Object.fromEntries(
      [...levels]
        .sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b))
        .map(([level, items]) => [level, breakdown(items)]),
    );
  }

  const latencies = results.map((result) => result.latencyMs);
  return {
    ...breakdown(results),
    noAnswer: results.filter((result) => !result.error && result.answer === null).length,
    errors: results.filter((result) => result.error).length,
    callsPerItem: mean(results.map((result) => result.calls)),
    tokensPerItem: {
      prompt: mean(results.map((result) => result.usage.promptTokens)),
      completion: mean(results.map((result) => result.usage.completionTokens)),
      total: mean(results.map((result) => result.usage.totalTokens)),
    },
    latencyMs: {
      mean: mean(latencies),
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
    },
    bySuite,
    byDifficulty,
    epochs: epochStatistics(results),
  };
}
