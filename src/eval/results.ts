import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { StopReason, Trace } from '../core/trace.js';
import { Usage } from '../core/usage.js';

/** One line of results.jsonl: an item's outcome, written as it finishes. */
export const ItemResult = z.object({
  id: z.string(),
  suite: z.string(),
  category: z.string(),
  difficulty: z.record(z.string(), z.number()),
  /** Extracted canonical answer, null when none. */
  answer: z.string().nullable(),
  gold: z.string(),
  correct: z.boolean(),
  /** How the answer was extracted (e.g. `declared`, `none`). */
  method: z.string().nullable(),
  stopReason: StopReason,
  /** Set when the item failed (backend error, crash); it counts as wrong. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  calls: z.number().int().nonnegative(),
  usage: Usage,
  latencyMs: z.number().nonnegative(),
  trace: Trace.nullable(),
});
export type ItemResult = z.infer<typeof ItemResult>;

export interface ReadResults {
  results: ItemResult[];
  /** Lines that were torn or invalid and were left out. */
  dropped: number;
}

/**
 * Reads results.jsonl, keeping every complete valid line. A run killed
 * mid-write leaves a torn last line; it is dropped, not fatal.
 */
export async function readResults(file: string): Promise<ReadResults> {
  if (!existsSync(file)) return { results: [], dropped: 0 };
  const text = await readFile(file, 'utf8');
  const results: ItemResult[] = [];
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const parsed = parseLine(line);
    if (parsed) results.push(parsed);
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

/** Rewrites results.jsonl with exactly these results (used when resuming). */
export async function rewriteResults(file: string, results: ItemResult[]): Promise<void> {
  await writeFile(file, results.map((result) => `${JSON.stringify(result)}\n`).join(''));
}

/**
 * Appends result lines one at a time, in the order they were queued, so
 * concurrent items never interleave within a line.
 */
export class ResultWriter {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  write(result: ItemResult): Promise<void> {
    const line = `${JSON.stringify(result)}\n`;
    this.pending = this.pending.then(() => appendFile(this.file, line));
    return this.pending;
  }

  flush(): Promise<void> {
    return this.pending;
  }
}
