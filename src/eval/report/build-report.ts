import {
  type CostSummary,
  DEFAULT_PRICES,
  type PriceTable,
  costSummary,
  modelOfBackend,
} from '../cost.js';
import { PLAYGROUND_URL, playgroundTraceLink } from '../../server/playground/address.js';
import { type PairedComparison, comparePaired } from '../paired.js';
import { resultKey } from '../results.js';
import { wilsonInterval } from '../statistics.js';
import type { Breakdown, Summary } from '../summary.js';
import { compareItems, compareNames } from './item-order.js';
import type { ReportResult, RunData } from './read-run.js';
import type { SlimTrace } from './slim-trace.js';

/** One run as the report shows it. */
export interface RunView {
  name: string;
  /** Reasoner and backend, or the folder name; unique within a report. */
  label: string;
  /** Safe for HTML ids; unique within a report. */
  slug: string;
  dir: string;
  /** Manifest fields worth showing, as text (`-` when absent). */
  manifest: Record<string, string>;
  summary: Summary;
  summarySource: 'file' | 'recomputed';
  byCategory: Record<string, Breakdown>;
  cost: CostSummary;
  stopReasons: Record<string, number>;
  errorCodes: Record<string, number>;
  tornLines: number;
  invalidLines: number;
}

/** Two runs compared over the items both answered. */
export interface RunComparison extends PairedComparison {
  /** Indexes into ReportModel.runs. */
  a: number;
  b: number;
}

/** One run's outcome on an item. */
export interface ItemCell {
  answer: string | null;
  correct: boolean;
  error: { code: string; message: string } | null;
  tokens: number;
  /** Present for the first `traceLimit` items that have a trace. */
  trace: SlimTrace | null;
  /** The HTML id of the embedded trace, when there is one. */
  anchor: string | null;
  /** Where `stepwise playground --traces <run folder>` replays this item, when it has a trace. */
  playground: string | null;
}

export interface ItemRow {
  id: string;
  /** Repetition of the item (`--epochs`), from 0. */
  epoch: number;
  /** `id`, or `id#epoch` when a run has several epochs; unique per row. */
  name: string;
  suite: string;
  category: string;
  difficulty: Record<string, number>;
  gold: string;
  /** One per run, in run order; null when that run lacks the item. */
  cells: (ItemCell | null)[];
}

export interface ReportModel {
  title: string;
  createdAt: string;
  runs: RunView[];
  comparisons: RunComparison[];
  /** Every item (and epoch) of any run, ids in natural order (`item-2` before `item-10`). */
  items: ItemRow[];
  /** Difficulty knobs seen in any run. */
  knobs: string[];
  traceLimit: number;
  /** The playground that item links open. */
  playgroundUrl: string;
  /** Items past traceLimit that had traces left out. */
  tracesOmitted: number;
  resamples: number;
  seed: number;
}

export interface BuildReportOptions {
  /** Heading of the report. Default: `Evaluation report`. */
  title?: string;
  /** Prices for the cost table. Default: DEFAULT_PRICES. */
  prices?: PriceTable;
  /** Items whose traces are embedded, counted from the top of the table. Default: 500. */
  traceLimit?: number;
  /** The playground that item links open. Default: PLAYGROUND_URL. */
  playgroundUrl?: string;
  /** Bootstrap resamples per comparison. Default: 10000. */
  resamples?: number;
  /** Bootstrap seed. Default: 0. */
  seed?: number;
  /** Clock for the report's date. Default: the system clock. */
  now?: () => Date;
}

/** Turns read runs into everything a report shows, computed once for all writers. */
export function buildReport(
  runs: readonly RunData[],
  options: BuildReportOptions = {},
): ReportModel {
  const traceLimit = options.traceLimit ?? 500;
  const resamples = options.resamples ?? 10_000;
  const seed = options.seed ?? 0;
  const views = viewRuns(runs, options.prices ?? DEFAULT_PRICES);

  const comparisons: RunComparison[] = [];
  for (let a = 0; a < runs.length; a++) {
    for (let b = a + 1; b < runs.length; b++) {
      const left = runs[a]?.results ?? [];
      const right = runs[b]?.results ?? [];
      comparisons.push({ a, b, ...comparePaired(left, right, { resamples, seed }) });
    }
  }

  const playgroundUrl = options.playgroundUrl ?? PLAYGROUND_URL;
  const { items, tracesOmitted } = itemRows(runs, views, traceLimit, playgroundUrl);
  const knobs = [...new Set(runs.flatMap((run) => Object.keys(run.summary.byDifficulty)))];
  return {
    title: options.title ?? 'Evaluation report',
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    runs: views,
    comparisons,
    items,
    knobs,
    traceLimit,
    playgroundUrl,
    tracesOmitted,
    resamples,
    seed,
  };
}

function viewRuns(runs: readonly RunData[], prices: PriceTable): RunView[] {
  const labels = runs.map((run) => baseLabel(run));
  const taken = new Set<string>();
  const slugs = new Set<string>();

  return runs.map((run, index) => {
    // Two runs of one reasoner and backend differ elsewhere; the folder tells them apart.
    const base = labels[index] ?? run.name;
    let label =
      labels.filter((other) => other === base).length > 1 ? `${base} (${run.name})` : base;
    for (let suffix = 2; taken.has(label); suffix++) label = `${base} (${run.name} ${suffix})`;
    taken.add(label);
    const slug = uniqueSlug(run.name, slugs);
    const backend = text(run.manifest?.backend);

    return {
      name: run.name,
      label,
      slug,
      dir: run.dir,
      manifest: manifestView(run.manifest),
      summary: run.summary,
      summarySource: run.summarySource,
      byCategory: breakdownBy(run.results, (result) => result.category),
      cost: costSummary(run.results, backend ? modelOfBackend(backend) : 'unknown', { prices }),
      stopReasons: countBy(run.results, (result) => result.stopReason),
      errorCodes: countBy(run.results, (result) => result.error?.code ?? null),
      tornLines: run.tornLines,
      invalidLines: run.invalidLines,
    };
  });
}

function baseLabel(run: RunData): string {
  const reasoner = text(run.manifest?.reasoner);
  const backend = text(run.manifest?.backend);
  return reasoner && backend ? `${reasoner} · ${backend}` : run.name;
}

function uniqueSlug(name: string, taken: Set<string>): string {
  // Single dashes only, so `--` can separate a run from an item in trace ids.
  const base = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'run';
  let slug = base;
  for (let suffix = 2; taken.has(slug); suffix++) slug = `${base}-${suffix}`;
  taken.add(slug);
  return slug;
}

/** An item id made safe for an HTML id and a URL fragment, without collisions. */
export function escapeId(id: string): string {
  return id.replace(/[^A-Za-z0-9-]/g, (char) => `_${char.codePointAt(0)?.toString(16)}_`);
}

const MANIFEST_FIELDS = [
  'reasoner',
  'params',
  'backend',
  'backendIdentity',
  'suite',
  'data',
  'split',
  'seed',
  'epochs',
  'shard',
  'limit',
  'format',
  'temperature',
  'maxTokens',
  'stepwise',
  'gitCommit',
  'createdAt',
] as const;

function manifestView(manifest: Record<string, unknown> | null): Record<string, string> {
  return Object.fromEntries(
    MANIFEST_FIELDS.map((field) => {
      const value = manifest?.[field];
      if (value === undefined || value === null) return [field, '-'];
      return [field, typeof value === 'string' ? value : JSON.stringify(value)];
    }),
  );
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function breakdownBy(results: readonly ReportResult[], key: (result: ReportResult) => string) {
  const groups = new Map<string, { n: number; correct: number }>();
  for (const result of results) {
    const group = groups.get(key(result)) ?? { n: 0, correct: 0 };
    group.n++;
    if (result.correct) group.correct++;
    groups.set(key(result), group);
  }
  const entries = [...groups].sort(([a], [b]) => compareNames(a, b));
  return Object.fromEntries(
    entries.map(([name, { n, correct }]): [string, Breakdown] => [
      name,
      { n, correct, accuracy: n ? correct / n : 0, ci95: wilsonInterval(correct, n) },
    ]),
  );
}

function countBy(results: readonly ReportResult[], key: (result: ReportResult) => string | null) {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const name = key(result);
    if (name !== null) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function itemRows(
  runs: readonly RunData[],
  views: readonly RunView[],
  traceLimit: number,
  playgroundUrl: string,
) {
  const byRun = runs.map(
    (run) => new Map(run.results.map((result) => [resultKey(result), result])),
  );
  const keys = new Map<string, { id: string; epoch: number }>();
  for (const run of runs) {
    for (const result of run.results) keys.set(resultKey(result), result);
  }
  const ordered = [...keys].sort(([, a], [, b]) => compareItems(a, b));
  const epochs = [...keys.values()].some((key) => key.epoch > 0);

  let tracesOmitted = 0;
  const items = ordered.map(([key, { id, epoch }], index): ItemRow => {
    const name = epochs ? key : id;
    const first = byRun.map((results) => results.get(key)).find((result) => result !== undefined);
    const cells = byRun.map((results, run): ItemCell | null => {
      const result = results.get(key);
      if (!result) return null;
      const trace = index < traceLimit ? result.trace : null;
      return {
        answer: result.answer,
        correct: result.correct,
        error: result.error,
        tokens: result.usage.totalTokens,
        trace,
        anchor: trace ? `trace-${views[run]?.slug ?? run}--${escapeId(name)}` : null,
        playground: result.hadTrace
          ? playgroundTraceLink(playgroundUrl, runs[run]?.name ?? '', key)
          : null,
      };
    });
    if (index >= traceLimit && byRun.some((results) => results.get(key)?.hadTrace)) {
      tracesOmitted++;
    }

    return {
      id,
      epoch,
      name,
      suite: first?.suite ?? '',
      category: first?.category ?? '',
      difficulty: first?.difficulty ?? {},
      gold: first?.gold ?? '',
      cells,
    };
  });
  return { items, tracesOmitted };
}
