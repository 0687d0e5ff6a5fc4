import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { ItemResult } from '../results.js';
import { type Summary, summarize } from '../summary.js';
import { type SlimTrace, type SlimTraceOptions, slimTrace } from './slim-trace.js';

/** An item's result with its trace slimmed (or dropped). */
export interface SlimResult extends Omit<ItemResult, 'trace'> {
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
  /** One per item id, in file order; a repeated id keeps its last line. */
  results: SlimResult[];
  /** Lines that were not complete JSON, e.g. the torn end of a killed run. */
  tornLines: number;
  /** Complete JSON lines that are not valid item results. */
  invalidLines: number;
}

export interface ReadRunOptions extends SlimTraceOptions {
  /** Which items keep their slimmed trace. Default: every item. */
  keepTrace?: (id: string) => boolean;
}

/**
 * Reads a run folder: results.jsonl streamed line by line (traces slimmed
 * as they go, so memory stays small), manifest.json and summary.json.
 */
export async function readRun(dir: string, options: ReadRunOptions = {}): Promise<RunData> {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InvalidInputError(`${dir} is not a folder; pass a run folder written by stepwise eval.`);
  }
  const resultsFile = join(folder, 'results.jsonl');
  if (!existsSync(resultsFile)) {
    throw new InvalidInputError(`${dir} has no results.jsonl; pass a folder written by stepwise eval.`);
  }

  const { results, tornLines, invalidLines } = await readLines(resultsFile, options);
  const manifest = await readJsonObject(join(folder, 'manifest.json'));
  const saved = SummaryFile.safeParse(await readJsonObject(join(folder, 'summary.json')));

  // A summary of other items (a later resume, a changed limit) would disagree with the table.
  const fromFile = saved.success && saved.data.n === results.length;
  const summary = fromFile
    ? (saved.data as Summary)
    : summarize(results.map((result) => ({ ...result, trace: null })));

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
  const byId = new Map<string, SlimResult>();
  let tornLines = 0;
  let invalidLines = 0;
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
    const keep = trace !== null && (options.keepTrace?.(rest.id) ?? true);

    // Deleting first moves a repeated id to where its last line was.
    byId.delete(rest.id);
    byId.set(rest.id, {
      ...rest,
      trace: keep ? slimTrace(trace, options) : null,
      hadTrace: trace !== null,
    });
  }
  return { results: [...byId.values()], tornLines, invalidLines };
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
});
