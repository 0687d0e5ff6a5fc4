import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backend } from '../core/backend.js';
import { InvalidInputError } from '../core/errors.js';
import type { Budget, Reasoner } from '../core/reasoner.js';
import { stableStringify } from '../util/hash.js';
import { checkWholeNumbers, optionsObject } from '../util/check-options.js';
import { ItemChecker } from './check-items.js';
import type { EvalItem } from './item.js';
import { ResultWriter, type SlimResult, compactResults, resultKey, slim } from './results.js';
import { type Job, evaluateItem } from './evaluate-item.js';
import type { Scorer } from './scorers.js';
import { type Summary, type SummaryRecord, summarize } from './summary.js';

export type EvalEvent =
  | { type: 'eval-start'; total: number | undefined; skipped: number }
  | { type: 'item-end'; result: SlimResult; done: number; total: number | undefined };

export interface Shard {
  /** This shard, from 1. */
  index: number;
  count: number;
}

export interface EvalOptions {
  /** The items; any iterable, so large generated suites stream. */
  items: Iterable<EvalItem>;
  /** How many items there are, for progress (arrays report their length). */
  total?: number;
  reasoner: Reasoner;
  backend: Backend;
  /** Output folder for results.jsonl, summary.json and manifest.json. */
  outDir: string;
  /** Items run at once. Default: 4. */
  concurrency?: number;
  /** Run seed; each item's seed derives from it, the item id and the epoch. Default: 0. */
  seed?: number;
  /** Times each item is run, for mean and standard error. Default: 1. */
  epochs?: number;
  /** Run only every item whose position is `index` modulo `count`. Default: all. */
  shard?: Shard;
  /** Judges answers. Default: by each item's format. */
  scorer?: Scorer;
  /** Skip items already in results.jsonl (errored items run again). Default: false. */
  resume?: boolean;
  temperature?: number;
  maxTokens?: number;
  budget?: Budget;
  /** What identifies the run; a resume must match it. Written to manifest.json. */
  manifest?: Record<string, unknown>;
  /** Store each item's full trace in its result line. Default: true. */
  traces?: boolean;
  /**
   * Return every result. Off, only what the summary needs is held, so a
   * 100,000-item run stays small; results.jsonl has them all. Default: true.
   */
  keepResults?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
}

export interface EvalOutcome {
  summary: Summary;
  /** Results without their traces, in item order then epoch (empty with keepResults off). */
  results: SlimResult[];
}

/**
 * Runs a reasoner over items with bounded concurrency, writing one JSON
 * line per item as it finishes. Items stream through a pool of workers,
 * and only traceless results stay in memory. Results do not depend on
 * concurrency: each item's seed comes from the run seed, its id and epoch.
 */
export async function runEval(options: EvalOptions): Promise<EvalOutcome> {
  checkEvalOptions(options);
  // An array is checked whole before anything runs; a stream, item by item.
  const checker = new ItemChecker();
  const streamed = !Array.isArray(options.items);
  if (!streamed) (options.items as unknown[]).forEach((item, index) => checker.check(item, index));

  const resultsFile = join(options.outDir, 'results.jsonl');
  await makeOutDir(options.outDir);
  const epochs = options.epochs ?? 1;
  const manifest = {
    ...options.manifest,
    seed: options.seed ?? 0,
    epochs,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
  };
  const finished = await prepareOutput(options, resultsFile, manifest);

  const keep = options.keepResults !== false;
  const results = new Map<string, SlimResult | SummaryRecord>(
    finished.map((result) => [resultKey(result), keep ? result : summaryRecord(result)]),
  );
  const order: string[] = [];
  const total = options.total ?? (Array.isArray(options.items) ? options.items.length : undefined);
  const expected = total === undefined ? undefined : shardSize(total, options.shard) * epochs;
  options.onEvent?.({ type: 'eval-start', total: expected, skipped: results.size });

  const jobs = pendingJobs(
    options,
    epochs,
    results as Map<string, unknown>,
    order,
    (item, index) => (streamed ? checker.check(item, index) : item),
  );
  const writer = new ResultWriter(resultsFile);
  let done = results.size;
  // Once one worker fails (a bad streamed item, a failed write, a throwing
  // onEvent), the others finish the item in hand and take no more.
  let stopping = false;
  const worker = async () => {
    try {
      for (let next = jobs.next(); !next.done; next = jobs.next()) {
        if (options.signal?.aborted || stopping) return;
        const result = await evaluateItem(next.value, options);

        // An item cut short by cancellation is not finished; a resume runs it.
        if (result.stopReason === 'aborted') continue;
        await writer.write(result);
        const light = slim(result);
        results.set(resultKey(light), keep ? light : summaryRecord(light));
        options.onEvent?.({ type: 'item-end', result: light, done: ++done, total: expected });
      }
    } catch (error) {
      stopping = true;
      throw error;
    }
  };
  // Every worker ends before the flush, so no result is written after it.
  const ended = await Promise.allSettled(Array.from({ length: options.concurrency ?? 4 }, worker));
  // Lines already queued reach the disk even when a write has failed.
  await writer.flush();
  const failed = ended.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;

  // The summary covers exactly the requested items, in their own order.
  const ordered = order.flatMap((key) => results.get(key) ?? []);
  // After an interrupt, jobs never pulled are missing from `order`: use the total when known.
  const wanted = Math.max(order.length, expected ?? 0);
  const summary = { ...summarize(ordered), expected: wanted, complete: ordered.length === wanted };
  await writeFile(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, results: keep ? (ordered as SlimResult[]) : [] };
}

/** The fields a summary needs, and no more: the answer only as present or not. */
function summaryRecord(result: SlimResult): SummaryRecord {
  return {
    id: result.id,
    suite: result.suite,
    difficulty: result.difficulty,
    epoch: result.epoch,
    correct: result.correct,
    answer: result.answer === null ? null : '',
    error: result.error,
    calls: result.calls,
    usage: result.usage,
    latencyMs: result.latencyMs,
  };
}

/** Items in this shard, each epoch, that have no finished result yet. */
function* pendingJobs(
  options: EvalOptions,
  epochs: number,
  finished: Map<string, unknown>,
  order: string[],
  check: (item: EvalItem, position: number) => EvalItem,
): Generator<Job> {
  let position = 0;
  for (const unchecked of options.items) {
    const item = check(unchecked, position);
    const mine = !options.shard || position % options.shard.count === options.shard.index - 1;
    position++;
    if (!mine) continue;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const key = resultKey({ id: item.id, epoch });
      order.push(key);
      if (!finished.has(key)) yield { item, epoch };
    }
  }
}

function checkEvalOptions(options: EvalOptions): void {
  optionsObject('runEval', options, EVAL_OPTIONS);
  const { items, reasoner, backend, outDir, concurrency, epochs, total, seed, shard } = options;
  if (typeof (items as Partial<Iterable<unknown>> | undefined)?.[Symbol.iterator] !== 'function') {
    throw new InvalidInputError(
      'runEval needs items: an array or other iterable of EvalItems (see loadSuite, loadDataFile).',
    );
  }
  if (typeof reasoner?.run !== 'function') {
    throw new InvalidInputError('runEval needs a reasoner, e.g. new ChainOfThought().');
  }
  if (typeof backend?.generate !== 'function') {
    throw new InvalidInputError("runEval needs a backend, e.g. await createBackend('local').");
  }
  if (typeof outDir !== 'string' || outDir === '') {
    throw new InvalidInputError('runEval needs outDir, the folder its results are written to.');
  }
  checkWholeNumbers('runEval', { concurrency, epochs }, 1);
  checkWholeNumbers('runEval', { total }, 0);
  checkWholeNumbers('runEval', { seed });
  if (shard !== undefined) {
    const { index, count } = shard ?? {};
    if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index))) {
      throw new InvalidInputError(
        'runEval option shard must be { index, count } in whole numbers.',
      );
    }
    if (index < 1 || index > count) {
      throw new InvalidInputError(
        `runEval shard index counts from 1 to count (${count}), not ${index}.`,
      );
    }
  }
}

const EVAL_OPTIONS = [
  'items',
  'total',
  'reasoner',
  'backend',
  'outDir',
  'concurrency',
  'seed',
  'epochs',
  'shard',
  'scorer',
  'resume',
  'temperature',
  'maxTokens',
  'budget',
  'manifest',
  'traces',
  'keepResults',
  'signal',
  'onEvent',
] as const;

function shardSize(total: number, shard: Shard | undefined): number {
  if (!shard) return total;
  return Math.floor(total / shard.count) + (shard.index <= total % shard.count ? 1 : 0);
}

async function prepareOutput(
  options: EvalOptions,
  resultsFile: string,
  manifest: Record<string, unknown>,
): Promise<SlimResult[]> {
  const manifestFile = join(options.outDir, 'manifest.json');
  if (!options.resume && existsSync(resultsFile)) {
    throw new InvalidInputError(
      `${options.outDir} already holds results; pass --resume to continue that run, or choose another --out.`,
    );
  }

  if (options.resume && !existsSync(manifestFile)) {
    throw new InvalidInputError(
      `${options.outDir} holds no earlier run to resume (no manifest.json); drop --resume to start one.`,
    );
  }
  if (options.resume) {
    const previous = await readManifest(manifestFile);
    const changed = Object.keys(manifest).filter(
      (key) =>
        !VOLATILE_KEYS.has(key) &&
        stableStringify(previous[key]) !== stableStringify(manifest[key]),
    );
    if (changed.length > 0) {
      throw new InvalidInputError(
        `Cannot resume ${options.outDir}: settings differ from the earlier run (${changed.join(', ')}); use the same settings or another --out.`,
      );
    }
  }
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  if (!options.resume) return [];

  // Keep finished items; torn lines and errored items are dropped so they run again.
  return compactResults(
    resultsFile,
    (result) => result.error === null && result.stopReason !== 'aborted',
  );
}

async function makeOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new InvalidInputError(`Cannot create the output folder ${dir}; choose another --out.`, {
      cause,
    });
  }
}

async function readManifest(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidInputError(
      `${file} is not valid JSON, so the run cannot be resumed; start it again in another --out.`,
      { cause },
    );
  }
}

/** Manifest fields that may change between a run and its resume. */
const VOLATILE_KEYS = new Set(['createdAt', 'concurrency', 'limit', 'gitCommit']);
