import type { Breakdown } from '../summary.js';
import type { ReportModel, RunView } from './build-report.js';
import {
  formatInterval,
  formatMs,
  formatNumber,
  formatP,
  formatPercent,
  formatPoints,
  formatPointsInterval,
  formatUsd,
} from './format.js';

/** A table as plain text cells, rendered alike to Markdown and HTML. */
export interface TextTable {
  /** Anchor-friendly key, e.g. `overview`. */
  key: string;
  title: string;
  /** A sentence under the title; optional. */
  note?: string;
  head: string[];
  rows: string[][];
  /** Columns (by index) whose cells are numbers, aligned right. */
  numeric: number[];
}

/** Every summary table of the report, in reading order. */
export function reportTables(model: ReportModel): TextTable[] {
  const tables = [overviewTable(model)];
  if (model.comparisons.length > 0) tables.push(comparisonTable(model));
  tables.push(breakdownTable(model, 'suite', 'By suite', (run) => run.summary.bySuite));
  tables.push(breakdownTable(model, 'category', 'By category', (run) => run.byCategory));
  for (const knob of model.knobs) {
    tables.push(
      breakdownTable(
        model,
        `difficulty-${knob}`,
        `By ${knob}`,
        (run) => run.summary.byDifficulty[knob] ?? {},
      ),
    );
  }
  tables.push(costTable(model), outcomeTable(model), manifestTable(model));
  return tables;
}

function overviewTable(model: ReportModel): TextTable {
  // Repeated epochs add a column: the spread of accuracy across repetitions.
  const epochs = model.runs.some((run) => run.summary.epochs);
  const epochCell = (run: RunView) => {
    const repeated = run.summary.epochs;
    if (!repeated) return '-';
    const spread = formatPercent(repeated.standardError);
    return `${repeated.count}× ${formatPercent(repeated.mean)} ± ${spread}`;
  };
  return {
    key: 'overview',
    title: 'Runs',
    note:
      'Accuracy with a 95% Wilson score interval; tokens, calls and latency are means per item.' +
      (epochs ? ' Epochs: mean accuracy over repetitions ± its standard error.' : ''),
    head: [
      'run',
      'n',
      'correct',
      'accuracy',
      '95% CI',
      ...(epochs ? ['epochs'] : []),
      'tokens/item',
      'calls/item',
      'latency p50',
    ],
    rows: model.runs.map((run) => [
      run.label,
      formatNumber(run.summary.n),
      formatNumber(run.summary.correct),
      formatPercent(run.summary.accuracy),
      formatInterval(run.summary.ci95),
      ...(epochs ? [epochCell(run)] : []),
      formatNumber(run.summary.tokensPerItem.total),
      formatNumber(run.summary.callsPerItem),
      formatMs(run.summary.latencyMs.p50),
    ]),
    numeric: epochs ? [1, 2, 3, 6, 7, 8] : [1, 2, 3, 5, 6, 7],
  };
}

function comparisonTable(model: ReportModel): TextTable {
  const adjusted =
    model.comparisons.length > 1 ? ' p-values are not adjusted for multiple comparisons.' : '';
  return {
    key: 'comparisons',
    title: 'Paired comparisons',
    note:
      'Over the items both runs answered: difference = accuracy(B) − accuracy(A), ' +
      `with a paired percentile bootstrap 95% interval (${formatNumber(model.resamples)} resamples, seed ` +
      `${model.seed}) and the exact McNemar test.${adjusted}`,
    head: [
      'A',
      'B',
      'paired',
      'A acc.',
      'B acc.',
      'difference',
      '95% CI',
      'McNemar p',
      'A only',
      'B only',
    ],
    rows: model.comparisons.map((comparison) => [
      model.runs[comparison.a]?.label ?? '',
      model.runs[comparison.b]?.label ?? '',
      formatNumber(comparison.n),
      formatPercent(comparison.accuracyA),
      formatPercent(comparison.accuracyB),
      formatPoints(comparison.difference),
      formatPointsInterval(comparison.ci95),
      formatP(comparison.mcnemarP),
      formatNumber(comparison.discordant.aOnly),
      formatNumber(comparison.discordant.bOnly),
    ]),
    numeric: [2, 3, 4, 5, 7, 8, 9],
  };
}

/** Rows are groups (suites, levels), with one accuracy column per run. */
function breakdownTable(
  model: ReportModel,
  key: string,
  title: string,
  parts: (run: RunView) => Record<string, Breakdown>,
): TextTable {
  const groups = [...new Set(model.runs.flatMap((run) => Object.keys(parts(run))))];
  const cell = (part: Breakdown | undefined) =>
    part ? `${formatPercent(part.accuracy)} (${formatInterval(part.ci95)}, n=${part.n})` : '-';
  return {
    key,
    title,
    head: [title.replace(/^By /, ''), ...model.runs.map((run) => run.label)],
    rows: groups.map((group) => [group, ...model.runs.map((run) => cell(parts(run)[group]))]),
    numeric: model.runs.map((_, index) => index + 1),
  };
}

function costTable(model: ReportModel): TextTable {
  return {
    key: 'cost',
    title: 'Cost',
    note:
      'Per item and per correct answer. Money uses the price table (USD per 1M tokens); ' +
      '`-` means the model has no price.',
    head: [
      'run',
      'model',
      'calls/item',
      'tokens/item',
      'latency/item',
      '$/item',
      'calls/correct',
      'tokens/correct',
      'latency/correct',
      '$/correct',
      '$ total',
    ],
    rows: model.runs.map((run) => {
      const { perItem, perCorrect, total } = run.cost;
      return [
        run.label,
        run.cost.model,
        formatNumber(perItem.calls),
        formatNumber(perItem.tokens),
        formatMs(perItem.latencyMs),
        formatUsd(perItem.usd),
        perCorrect ? formatNumber(perCorrect.calls) : '-',
        perCorrect ? formatNumber(perCorrect.tokens) : '-',
        perCorrect ? formatMs(perCorrect.latencyMs) : '-',
        perCorrect ? formatUsd(perCorrect.usd) : '-',
        formatUsd(total.usd),
      ];
    }),
    numeric: [2, 3, 4, 5, 6, 7, 8, 9, 10],
  };
}

function outcomeTable(model: ReportModel): TextTable {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ') || '-';
  return {
    key: 'outcomes',
    title: 'Failures',
    note:
      'No answer: nothing could be extracted (and no error). ' +
      'Skipped lines: torn or invalid lines of results.jsonl.',
    head: ['run', 'no answer', 'errors', 'error codes', 'stop reasons', 'skipped lines', 'summary'],
    rows: model.runs.map((run) => [
      run.label,
      formatNumber(run.summary.noAnswer),
      formatNumber(run.summary.errors),
      list(run.errorCodes),
      list(run.stopReasons),
      formatNumber(run.tornLines + run.invalidLines),
      run.summarySource === 'file' ? 'summary.json' : 'recomputed',
    ]),
    numeric: [1, 2, 5],
  };
}

/** Fields as rows and runs as columns: manifests differ in a few fields, easy to spot this way. */
function manifestTable(model: ReportModel): TextTable {
  const fields = Object.keys(model.runs[0]?.manifest ?? {});
  return {
    key: 'manifests',
    title: 'Run manifests',
    head: ['field', ...model.runs.map((run) => run.label)],
    rows: [
      ['folder', ...model.runs.map((run) => run.dir)],
      ...fields.map((field) => [field, ...model.runs.map((run) => run.manifest[field] ?? '-')]),
    ],
    numeric: [],
  };
}
