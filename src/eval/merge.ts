import { existsSync } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { stableStringify } from '../util/hash.js';
import { type SlimResult, readResultLines, resultKey, slim } from './results.js';
import { type Summary, summarize } from './summary.js';

/** Manifest fields that may differ between shards of one run. */
const PER_SHARD = new Set(['shard', 'createdAt', 'concurrency', 'gitCommit']);

export interface MergeOutcome {
  summary: Summary;
  /** Results found more than once (the first is kept). */
  duplicates: number;
  /** Torn or invalid lines left out. */
  dropped: number;
}

/**
 * Joins the shards of one run (`--shard i/n`) into one output folder. The
 * shards must share every manifest setting but the shard itself.
 */
export async function mergeRuns(dirs: string[], out: string): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new InvalidInputError('Name the shard folders to merge.');
  if (new Set(dirs.map((dir) => resolve(dir))).size !== dirs.length) {
    throw new InvalidInputError('A folder is named twice; name each shard once.');
  }
  const manifests = await Promise.all(dirs.map(readManifest));
  const first = manifests[0] ?? {};
  for (const [index, manifest] of manifests.entries()) {
    const differing = Object.keys({ ...first, ...manifest }).filter(
      (key) =>
        !PER_SHARD.has(key) && stableStringify(first[key]) !== stableStringify(manifest[key]),
    );
    if (differing.length > 0) {
      throw new InvalidInputError(
        `${dirs[index]} is not a shard of the same run as ${dirs[0]}: ${differing.join(', ')} differ.`,
      );
    }
  }

  checkShards(dirs, manifests);

  await mkdir(out, { recursive: true });
  const target = join(out, 'results.jsonl');
  if (existsSync(target))
    throw new InvalidInputError(`${out} already holds results; merge into a new folder.`);
  const output = await open(target, 'w');
  const seen = new Set<string>();
  const results: SlimResult[] = [];
  let duplicates = 0;
  let dropped = 0;
  try {
    for (const dir of dirs) {
      for await (const result of readResultLines(join(dir, 'results.jsonl'))) {
        if (!result) {
          dropped++;
          continue;
        }
        const key = resultKey(result);
        if (seen.has(key)) {
          duplicates++;
          continue;
        }
        seen.add(key);
        await output.write(`${JSON.stringify(result)}\n`);
        results.push(slim(result));
      }
    }
  } finally {
    await output.close();
  }

  // Complete when every shard's own summary says it was; a shard's file may
  // hold more lines than it expected (a resume with a lower limit).
  const shardSummaries = await Promise.all(dirs.map(readShardSummary));
  const counts = shardSummaries.map((shard) => shard?.expected);
  const expected = counts.every((count) => count !== undefined)
    ? counts.reduce((sum: number, count) => sum + (count ?? 0), 0)
    : undefined;
  const summary = {
    ...summarize(results),
    ...(expected !== undefined && { expected }),
    complete: shardSummaries.every((shard) => shard?.complete === true),
  };
  const manifest = { ...first, shard: null, mergedFrom: dirs, createdAt: new Date().toISOString() };
  await writeFile(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, duplicates, dropped };
}

/** The folders must be shards 1..n of one n, each exactly once. */
function checkShards(dirs: string[], manifests: Record<string, unknown>[]): void {
  const shards = manifests.map((manifest, index) => {
    const match = /^(\d+)\/(\d+)$/.exec(String(manifest.shard ?? ''));
    if (!match)
      throw new InvalidInputError(`${dirs[index]} is not a shard (run with --shard i/n).`);
    return { index: Number(match[1]), count: Number(match[2]) };
  });
  const count = shards[0]?.count ?? 0;
  if (shards.some((shard) => shard.count !== count)) {
    throw new InvalidInputError('The shards split the run differently (their n differ).');
  }
  const seen = new Set(shards.map((shard) => shard.index));
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter(
    (index) => !seen.has(index),
  );
  if (seen.size !== shards.length || missing.length > 0) {
    throw new InvalidInputError(
      `Merging needs shards 1 to ${count} once each${missing.length ? `; missing ${missing.map((index) => `${index}/${count}`).join(', ')}` : ''}.`,
    );
  }
}

/** What a shard's own summary says of its size and completeness, when it wrote one. */
async function readShardSummary(
  dir: string,
): Promise<{ expected: number | undefined; complete: boolean } | undefined> {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) return undefined;
  try {
    const summary = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const expected = typeof summary.expected === 'number' ? summary.expected : undefined;
    return { expected, complete: summary.complete === true };
  } catch {
    return undefined;
  }
}

async function readManifest(dir: string): Promise<Record<string, unknown>> {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new InvalidInputError(`${dir} has no manifest.json; is it a stepwise eval folder?`);
  }
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}
