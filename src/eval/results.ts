import { createReadStream, existsSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
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
  const { trace: _trace, ...rest } = result;
  return rest;
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
 * Appends result lines one at a time, in the order they were queued, so
 * concurrent items never interleave within a line. The file stays open
 * for the run; each line is one write, so a kill tears at most the last.
 */
export class ResultWriter {
  private pending: Promise<void> = Promise.resolve();
  private handle: Promise<FileHandle> | undefined;

  constructor(private readonly file: string) {}

  write(result: ItemResult): Promise<void> {
    const line = `${JSON.stringify(result)}\n`;
    this.handle ??= open(this.file, 'a');
    const handle = this.handle;
    this.pending = this.pending.then(async () => {
      await (await handle).write(line);
    });
    return this.pending;
  }

  /** Waits for every queued line, then closes the file. */
  async flush(): Promise<void> {
    await this.pending;
    const handle = this.handle;
    this.handle = undefined;
    await (await handle)?.close();
  }
}
