import type { PairedComparison } from '../paired.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportModel } from './build-report.js';

/** comparison.json: every pair of runs, as numbers for other tools. */
export interface ComparisonFile {
  createdAt: string;
  method: {
    difference: string;
    interval: string;
    resamples: number;
    seed: number;
    level: number;
    test: string;
  };
  runs: { name: string; label: string; dir: string; n: number; accuracy: number }[];
  pairs: (PairedComparison & { a: string; b: string; labelA: string; labelB: string })[];
}

export interface ComparisonOptions {
  /** Folder comparison.json is written to; created when missing. */
  outDir: string;
}

/** The comparison as data: what comparison.json holds. */
export function comparisonData(model: ReportModel): ComparisonFile {
  return {
    createdAt: model.createdAt,
    method: {
      difference: 'accuracy(b) - accuracy(a) over items both runs answered',
      interval: 'paired percentile bootstrap',
      resamples: model.resamples,
      seed: model.seed,
      level: 0.95,
      test: 'exact two-sided McNemar',
    },
    runs: model.runs.map((run) => ({
      name: run.name,
      label: run.label,
      dir: run.dir,
      n: run.summary.n,
      accuracy: run.summary.accuracy,
    })),
    pairs: model.comparisons.map(({ a, b, ...comparison }) => ({
      a: model.runs[a]?.name ?? '',
      b: model.runs[b]?.name ?? '',
      labelA: model.runs[a]?.label ?? '',
      labelB: model.runs[b]?.label ?? '',
      ...comparison,
    })),
  };
}

/** Writes comparison.json for a report of two or more runs; returns its path. */
export async function writeComparison(
  model: ReportModel,
  options: ComparisonOptions,
): Promise<string> {
  const file = join(options.outDir, 'comparison.json');
  await mkdir(options.outDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(comparisonData(model), null, 2)}\n`);
  return file;
}
