import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemCell, ReportModel } from './build-report.js';
import { formatDifficulty, formatNumber } from './format.js';
import { type RenderPlotsOptions, type ReportPlot, renderPlots, standaloneSvg } from './plots.js';
import { type TextTable, reportTables } from './report-tables.js';

export interface MarkdownReportOptions {
  /** Folder for report.md and its plots/ folder; created when missing. */
  outDir: string;
  /** Charts already rendered; default: rendered here. */
  plots?: ReportPlot[];
  /** How charts are rendered when `plots` is not given. Default: their defaults. */
  plotOptions?: RenderPlotsOptions;
  /** Rows of the per-item table; the HTML report has them all. Default: 500. */
  itemRows?: number;
}

export interface WrittenMarkdownReport {
  report: string;
  /** The SVG charts report.md links to. */
  plots: string[];
}

/** Writes report.md, with its charts as plots/*.svg beside it. */
export async function writeMarkdownReport(
  model: ReportModel,
  options: MarkdownReportOptions,
): Promise<WrittenMarkdownReport> {
  const plots = options.plots ?? renderPlots(model, options.plotOptions);
  const plotDir = join(options.outDir, 'plots');
  await mkdir(plotDir, { recursive: true });

  const plotFiles = await Promise.all(
    plots.map(async (plot) => {
      const file = join(plotDir, `${plot.name}.svg`);
      await writeFile(file, `${standaloneSvg(plot.svg)}\n`);
      return file;
    }),
  );

  const report = join(options.outDir, 'report.md');
  await writeFile(report, renderMarkdownReport(model, plots, options.itemRows ?? 500));
  return { report, plots: plotFiles };
}

/** The report as Markdown; charts are linked from plots/, not drawn. */
export function renderMarkdownReport(
  model: ReportModel,
  plots: readonly ReportPlot[],
  itemRows = 500,
): string {
  const [overview, ...rest] = reportTables(model);
  const comparisons = rest.filter((table) => table.key === 'comparisons');
  const others = rest.filter((table) => table.key !== 'comparisons');
  const runs = model.runs.length;

  const parts = [
    `# ${model.title}`,
    `${runs} run${runs === 1 ? '' : 's'}, ${formatNumber(model.items.length)} items. ` +
      `Created ${model.createdAt}.`,
    ...[overview, ...comparisons].flatMap((table) => (table ? [tableMarkdown(table)] : [])),
    '## Charts',
    plots.map((plot) => `![${plot.title}](plots/${plot.name}.svg)`).join('\n\n'),
    ...others.map(tableMarkdown),
    itemsMarkdown(model, itemRows),
  ];
  return `${parts.join('\n\n')}\n`;
}

function tableMarkdown(table: TextTable): string {
  const numeric = new Set(table.numeric);
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = table.head.map((_, index) => (numeric.has(index) ? '---:' : '---'));
  return [
    `## ${table.title}`,
    '',
    ...(table.note ? [table.note, ''] : []),
    line(table.head),
    `| ${rule.join(' | ')} |`,
    ...table.rows.map(line),
  ].join('\n');
}

function itemsMarkdown(model: ReportModel, itemRows: number): string {
  const shown = model.items.slice(0, itemRows);
  const head = [
    'id',
    'suite',
    'difficulty',
    'gold',
    ...model.runs.flatMap((run) => [run.label, 'tokens']),
  ];
  const rows = shown.map((item) => [
    item.name,
    item.suite,
    formatDifficulty(item.difficulty),
    item.gold,
    ...item.cells.flatMap((cell) => answerCells(cell)),
  ]);
  const more =
    model.items.length > shown.length
      ? `The first ${formatNumber(shown.length)} of ${formatNumber(model.items.length)} items; ` +
        'report.html lists them all, with traces.'
      : 'report.html has each answer linked to its trace.';

  return tableMarkdown({
    key: 'items',
    title: 'Items',
    note: `✓ correct, ✗ wrong. ${more}`,
    head,
    rows,
    numeric: model.runs.map((_, index) => 5 + 2 * index),
  });
}

function answerCells(cell: ItemCell | null): string[] {
  if (!cell) return ['-', ''];
  const answer = cell.error ? `error: ${cell.error.code}` : (cell.answer ?? 'no answer');
  return [`${cell.correct ? '✓' : '✗'} ${answer}`, formatNumber(cell.tokens)];
}

/** Keeps a cell on one line, its pipes from splitting the row and its tags inert. */
function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}
