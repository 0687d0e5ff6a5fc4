import { createReadStream, existsSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { DatasetError } from '../core/errors.js';
import { StopReason, Trace } from '../core/trace.js';
import { Usage } from '../core/usage.js';

/** One line of results.jsonl: an item's outcome, written as it finishes. */
export const ItemResult = z.object({
  id: z.string(),
  /** Which repetition of the item this is (`--epochs`), from 0. */
  epoch: z.number().int().nonnegative().default(0),
  suite: z.string(),
  category: z.string(),
  difficulty: z.record(z.string(), z.number()),
  /** Extracted canonical answer, null when none. */
  answer: z.string().nullable(),
  gold: z.string(),
  correct: z.boolean(),
  /** How the answer was extracted (e.g. `declared`, `none`). */
  method: z.string().nullable(),
  /** Which scorer judged the answer (e.g. `choice`, `numeric`). */
  scorer: z.string().default('exact'),
  stopReason: StopReason,
  /** Set when the item failed (backend error, crash); it counts as wrong. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  calls: z.number().int().nonnegative(),
  usage: Usage,
  latencyMs: z.number().nonnegative(),
  trace: Trace.nullable(),
});
export type ItemResult = z.infer<typeof ItemResult>;

/** A result without its trace: what summaries and comparisons need. */
export type SlimResult = Omit<ItemResult, 'trace'>;

export function slim(result: ItemResult): SlimResult {
  // Field by field: a rest spread is several times slower, once per item.
  return {
    id: result.id,
    epoch: result.epoch,
    suite: result.suite,
    category: result.category,
    difficulty: result.difficulty,
    answer: result.answer,
    gold: result.gold,
    correct: result.correct,
    method: result.method,
    scorer: result.scorer,
    stopReason: result.stopReason,
    error: result.error,
    calls: result.calls,
    usage: result.usage,
    latencyMs: result.latencyMs,
  };
}

/** The key of a result: an item's id and epoch. */
export function resultKey(result: { id: string; epoch: number }): string {
  return `${result.id}#${result.epoch}`;
}

export interface ReadResults {
  results: SlimResult[];
  /** Lines that were torn or invalid and were left out. */
  dropped: number;
}

/**
 * Streams results.jsonl, yielding every complete valid line. A run killed
 * mid-write leaves a torn last line; it is reported as `undefined`.
 */
export async function* readResultLines(file: string): AsyncGenerator<ItemResult | undefined> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) yield parseLine(line);
  }
}

/** Reads results.jsonl without traces, skipping torn or invalid lines. */
export async function readResults(file: string): Promise<ReadResults> {
  if (typeof file !== 'string' || !existsSync(file)) {
    throw new DatasetError(
      `There is no results file at ${String(file)}; give the results.jsonl of an eval's --out folder.`,
      { file: String(file) },
    );
  }
  const results: SlimResult[] = [];
  let dropped = 0;
  for await (const result of readResultLines(file)) {
    if (result) results.push(slim(result));
    else dropped++;
  }
  return { results, dropped };
}

function parseLine(line: string): ItemResult | undefined {
  try {
    const parsed = ItemResult.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rewrites results.jsonl keeping only the lines `keep` accepts (the last
 * of each key), streaming so that a large file never sits in memory; the
 * file is replaced atomically. Returns the kept results without traces.
 */
export async function compactResults(
  file: string,
  keep: (result: ItemResult) => boolean,
): Promise<SlimResult[]> {
  const lastLine = new Map<string, number>();
  let index = 0;
  for await (const result of readResultLines(file)) {
    if (result && keep(result)) lastLine.set(resultKey(result), index);
    index++;
  }

  const temporary = `${file}.${process.pid}.tmp`;
  const output = await open(temporary, 'w');
  const kept: SlimResult[] = [];
  index = 0;
  try {
    for await (const result of readResultLines(file)) {
      if (result && lastLine.get(resultKey(result)) === index) {
        await output.write(`${JSON.stringify(result)}\n`);
        kept.push(slim(result));
      }
      index++;
    }
  } finally {
    await output.close();
  }
  await rename(temporary, file);
  return kept;
}

/**
 * Appends result lines in the order they were queued, so concurrent items
 * never interleave within a line. Lines queued while a write is in flight
 * go out together in the next write, so many items cost one system call,
 * and a worker waits for the disk only when more than `highWaterMark`
 * characters are queued. Only whole lines are written, so a kill tears at
 * most the last line.
 */
export class ResultWriter {
  private pending: Promise<void> = Promise.resolve();
  private handle: Promise<FileHandle> | undefined;
  private batch: string[] = [];
  private queued = 0;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly file: string,
    private readonly highWaterMark = 1 << 20,
  ) {}

  /**
   * Queues one result. Returns a promise to wait on when the queue is full
   * (nothing otherwise); throws the error of an earlier write that failed.
   */
  write(result: ItemResult): Promise<void> | undefined {
    if (this.failure) throw this.failure.error;
    this.handle ??= open(this.file, 'a');
    const line = `${JSON.stringify(result)}\n`;
    this.batch.push(line);
    this.queued += line.length;
    if (this.batch.length === 1) {
      const handle = this.handle;
      this.pending = this.pending
        .then(async () => {
          const lines = this.batch;
          this.batch = [];
          this.queued = 0;
          await (await handle).write(lines.join(''));
        })
        .catch((error: unknown) => {
          this.failure ??= { error };
        });
    }
    return this.queued > this.highWaterMark ? this.pending : undefined;
  }

  /** Waits for every queued line, then closes the file; throws if a write failed. */
  async flush(): Promise<void> {
    await this.pending;
    const handle = this.handle;
    this.handle = undefined;
    await (await handle)?.close();
    if (this.failure) throw this.failure.error;
  }
}
