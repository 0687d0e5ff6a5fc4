import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import type { Trace } from '../../core/trace.js';
import { ItemResult, resultKey } from '../../eval/results.js';

/** One item of an eval run, as the playground lists it. */
export interface EvalEntry {
  /** `id#epoch`, unique within its run. */
  key: string;
  id: string;
  epoch: number;
  suite: string;
  gold: string;
  answer: string | null;
  correct: boolean;
  hasTrace: boolean;
}

interface Located extends EvalEntry {
  /** Byte range of the item's line in results.jsonl. */
  start: number;
  end: number;
}

interface IndexedRun {
  /** The folder's name: unique among the folders served. */
  name: string;
  file: string;
  entries: Map<string, Located>;
}

/**
 * The eval output folders named when the playground starts, indexed by
 * run name and item key. Only byte offsets stay in memory; a trace is read
 * from its line when asked for, so a large run costs little. Clients name
 * runs and items, never paths.
 */
export class EvalTraces {
  private constructor(private readonly runs: Map<string, IndexedRun>) {}

  /**
   * Indexes each folder: a run folder (with results.jsonl), or a folder
   * whose subfolders are runs (a matrix's output).
   */
  static async open(dirs: readonly string[]): Promise<EvalTraces> {
    const runs = new Map<string, IndexedRun>();
    for (const dir of dirs.flatMap(runFolders)) {
      // Report links name a run by its folder's name, so two of one name would be ambiguous.
      const name = basename(dir);
      const clash = runs.get(name);
      if (clash) {
        throw new InvalidInputError(
          `Two eval runs are named ${name} (${dirname(clash.file)} and ${dir}); ` +
            'report links name runs by folder, so rename one folder or leave one out.',
        );
      }
      const file = join(dir, 'results.jsonl');
      runs.set(name, { name, file, entries: await indexResults(file) });
    }
    return new EvalTraces(runs);
  }

  /** The runs' names, in the order given. */
  names(): string[] {
    return [...this.runs.keys()];
  }

  list(): { name: string; items: EvalEntry[] }[] {
    return [...this.runs.values()].map((run) => ({
      name: run.name,
      items: [...run.entries.values()].map(
        ({ start: _start, end: _end, ...entry }): EvalEntry => entry,
      ),
    }));
  }

  /** The trace of one item, or null when the run, the item or its trace is missing. */
  async trace(runName: string, key: string): Promise<Trace | null> {
    const run = this.runs.get(runName);
    const entry = run?.entries.get(key);
    if (!run || !entry?.hasTrace) return null;
    const handle = await open(run.file, 'r');
    try {
      const buffer = Buffer.alloc(entry.end - entry.start);
      await handle.read(buffer, 0, buffer.length, entry.start);
      const parsed = ItemResult.safeParse(JSON.parse(buffer.toString('utf8')));
      return parsed.success ? parsed.data.trace : null;
    } catch {
      // The file changed since it was indexed (a resumed run rewrote it).
      return null;
    } finally {
      await handle.close();
    }
  }
}

function runFolders(dir: string): string[] {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InvalidInputError(`--traces ${dir} is not a folder; pass an eval output folder.`);
  }
  if (existsSync(join(folder, 'results.jsonl'))) return [folder];
  const children = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(folder, entry.name))
    .filter((child) => existsSync(join(child, 'results.jsonl')))
    .sort();
  if (children.length === 0) {
    throw new InvalidInputError(
      `--traces ${dir} has no results.jsonl, nor subfolders with one; pass a folder written by stepwise eval.`,
    );
  }
  return children;
}

/** Reads results.jsonl once, keeping each valid line's entry and byte range. */
async function indexResults(file: string): Promise<Map<string, Located>> {
  const entries = new Map<string, Located>();
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingStart = 0;

  const take = (line: Buffer, start: number) => {
    let data: unknown;
    try {
      data = JSON.parse(line.toString('utf8'));
    } catch {
      return; // A torn last line of a killed run.
    }
    const parsed = ItemResult.safeParse(data);
    if (!parsed.success) return;
    const result = parsed.data;
    const key = resultKey(result);
    // A repeated key (a retried item) keeps its last line, as reports do.
    entries.set(key, {
      key,
      id: result.id,
      epoch: result.epoch,
      suite: result.suite,
      gold: result.gold,
      answer: result.answer,
      correct: result.correct,
      hasTrace: result.trace !== null,
      start,
      end: start + line.length,
    });
  };

  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, from)) {
      pending.push(chunk.subarray(from, newline));
      take(Buffer.concat(pending), pendingStart);
      pending = [];
      pendingStart = offset + newline + 1;
      from = newline + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
    offset += chunk.length;
  }
  if (pending.length > 0) take(Buffer.concat(pending), pendingStart);
  return entries;
}
