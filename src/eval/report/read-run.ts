import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { ItemResult, resultKey } from '../results.js';
import { type Summary, summarize } from '../summary.js';
import { compareItems } from './item-order.js';
import { type SlimTrace, type SlimTraceOptions, slimTrace } from './slim-trace.js';

/** An item's result with its trace slimmed, or dropped. */
export interface ReportResult extends Omit<ItemResult, 'trace'> {
  trace: SlimTrace | null;
  /** Whether the line held a trace, kept or not. */
  hadTrace: boolean;
}

/** One eval run folder, read for reporting. */
export interface RunData {
  /** The folder as given, resolved. */
  dir: string;
  /** The folder's name. */
  name: string;
  /** manifest.json, or null when the folder has none (or it is unreadable). */
  manifest: Record<string, unknown> | null;
  summary: Summary;
  /** `file` when summary.json matched the results, else `recomputed`. */
  summarySource: 'file' | 'recomputed';
  /** One per item id and epoch, in file order; a repeated one keeps its last line. */
  results: ReportResult[];
  /** Lines that were not complete JSON, e.g. the torn end of a killed run. */
  tornLines: number;
  /** Complete JSON lines that are not valid item results. */
  invalidLines: number;
}

export interface ReadRunOptions extends SlimTraceOptions {
  /**
   * Keep traces only for the first this many items in report order (by
   * id, naturally, then epoch): all a report embeds. Default: every item.
   */
  traceLimit?: number;
}

/**
 * Reads a run folder: results.jsonl streamed line by line (traces slimmed
 * as they go, so memory stays small), manifest.json and summary.json.
 */
export async function readRun(dir: string, options: ReadRunOptions = {}): Promise<RunData> {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InvalidInputError(
      `${dir} is not a folder; pass a run folder written by stepwise eval.`,
    );
  }
  const resultsFile = join(folder, 'results.jsonl');
  if (!existsSync(resultsFile)) {
    throw new InvalidInputError(
      `${dir} has no results.jsonl; pass a folder written by stepwise eval.`,
    );
  }

  const { results, tornLines, invalidLines } = await readLines(resultsFile, options);
  const manifest = await readJsonObject(join(folder, 'manifest.json'));
  const saved = SummaryFile.safeParse(await readJsonObject(join(folder, 'summary.json')));

  // A stale summary.json (a later resume, a changed limit) would disagree with the tables.
  const recomputed = summarize(results);
  const fromFile =
    saved.success &&
    (['n', 'correct', 'errors', 'noAnswer'] as const).every(
      (field) => saved.data[field] === recomputed[field],
    );
  const summary = fromFile ? saved.data : recomputed;

  return {
    dir: folder,
    name: basename(folder),
    manifest,
    summary,
    summarySource: fromFile ? 'file' : 'recomputed',
    results,
    tornLines,
    invalidLines,
  };
}

async function readLines(file: string, options: ReadRunOptions) {
  const byKey = new Map<string, ReportResult>();
  let tornLines = 0;
  let invalidLines = 0;
  let traced = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });

  for await (const line of lines) {
    if (!line.trim()) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      tornLines++;
      continue;
    }

    const parsed = ItemResult.safeParse(data);
    if (!parsed.success) {
      invalidLines++;
      continue;
    }
    const { trace, ...rest } = parsed.data;
    const keep = trace !== null && options.traceLimit !== 0;

    // Deleting first moves a repeated result to where its last line was.
    const key = resultKey(rest);
    byKey.delete(key);
    byKey.set(key, {
      ...rest,
      trace: keep ? slimTrace(trace, options) : null,
      hadTrace: trace !== null,
    });
    if (keep) traced++;

    // Pruning at twice the limit keeps memory bounded at little sorting cost.
    if (options.traceLimit !== undefined && traced > 2 * options.traceLimit) {
      traced = pruneTraces(byKey, options.traceLimit);
    }
  }

  if (options.traceLimit !== undefined) pruneTraces(byKey, options.traceLimit);
  return { results: [...byKey.values()], tornLines, invalidLines };
}

/** Drops the traces of all but the first `limit` results in report order; returns those kept. */
function pruneTraces(results: Map<string, ReportResult>, limit: number): number {
  const traced = [...results.values()].filter((result) => result.trace).sort(compareItems);
  for (const result of traced.slice(limit)) result.trace = null;
  return Math.min(limit, traced.length);
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(file)) return null;
  try {
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    return data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : null;
  } catch {
    // A half-written manifest or summary is not worth failing the report over.
    return null;
  }
}

const BreakdownFile = z.object({
  n: z.number(),
  correct: z.number(),
  accuracy: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
});

/** The shape of summary.json, checked before it is trusted. */
const SummaryFile = BreakdownFile.extend({
  noAnswer: z.number(),
  errors: z.number(),
  callsPerItem: z.number(),
  tokensPerItem: z.object({ prompt: z.number(), completion: z.number(), total: z.number() }),
  latencyMs: z.object({ mean: z.number(), p50: z.number(), p95: z.number() }),
  bySuite: z.record(z.string(), BreakdownFile),
  byDifficulty: z.record(z.string(), z.record(z.string(), BreakdownFile)),
  epochs: z
    .object({
      count: z.number(),
      accuracies: z.array(z.number()),
      mean: z.number(),
      standardError: z.number(),
    })
    .nullable()
    .default(null),
});
